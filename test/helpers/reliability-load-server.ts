/*
The server side of the load test, run as a child process: wamock (in process, so every conversation entry can be
counted as it is added) and the sample bot replying through the send API. It runs apart from the test runner,
whose per-promise bookkeeping would double the cost of every request, and on a core of its own.
Talks to the test over IPC: `report` and `drain` requests, answered with LoadReport and DrainReport.
*/
import process from 'node:process';
import {startBot} from '../../source/bot/index.js';
import {defaultTimeoutMs} from '../../source/forward.js';
import type {DrainReport, FromChild, LoadReport, ToChild} from './reliability-load-protocol.js';
import {phoneOf, textOf} from './reliability-load-protocol.js';
import {openConnections} from './reliability-wait.js';
import {freePort} from './server.js';
import {startWamock} from './wamock.js';

const reply = (message: FromChild) => {
	process.send?.(message);
};

const main = async () => {
	const [clients = 0, perClient = 0] = process.argv.slice(2).map(Number);
	const port = await freePort();
	const botLog: string[] = [];
	const bot = await startBot({
		port: 0,
		graphUrl: `http://127.0.0.1:${port}`,
		log: (line) => botLog.push(line),
	});
	// The default timeout: a burst of 200 new connections is accepted one per event-loop turn, so the last
	// clients' first messages wait several seconds before the bot even sees them.
	const wamock = await startWamock(bot.url, {port, timeoutMs: defaultTimeoutMs});
	const baseline = wamock.listeners();
	const users = new Set<string>();
	const replies = new Set<string>();
	const unexpected: string[] = [];
	let delivered = 0;
	// The transcript keeps only its newest 5000 entries, so every entry is counted as it is added.
	wamock.conversation.subscribe((event) => {
		const entry = event.type === 'entry' ? event.entry : undefined;
		if (entry?.kind === 'user') {
			users.add(`${entry.phone} ${entry.summary}`);
		} else if (entry?.kind === 'bot' && entry.via === 'send-api' && entry.message.type === 'text') {
			const {body} = entry.message['text'] as {body: string};
			replies.add(`${entry.to} ${body}`);
		} else if (entry?.kind === 'delivered' && entry.status === 200) {
			delivered += 1;
		} else {
			unexpected.push(JSON.stringify(event).slice(0, 300));
		}
	});

	// Checked message by message only once every reply is in; until then the counts say how far it got.
	const report = (): LoadReport => {
		const missing: string[] = [];
		const complete = replies.size >= clients * perClient;
		for (let client = 0; complete && client < clients && missing.length < 5; client++) {
			for (let index = 0; index < perClient && missing.length < 5; index++) {
				const said = `${phoneOf(client)} ${textOf(client, index)}`;
				if (!users.has(said)) {
					missing.push(`message ${said}`);
				}

				if (!replies.has(`${phoneOf(client)} You said: _${textOf(client, index)}_`)) {
					missing.push(`reply to ${said}`);
				}
			}
		}

		const failed = [...wamock.lines, ...botLog].filter((line) => line.startsWith('✗'));
		return {
			type: 'report',
			users: users.size,
			replies: replies.size,
			delivered,
			missing,
			unexpected: [...unexpected, ...failed].slice(0, 10),
		};
	};

	// No stream left subscribed and no connection left open once the clients are gone. The bot's own idle
	// keep-alive connection to the send API ends after about 4 s (fetch's default), so this can take a while.
	const drain = async (): Promise<DrainReport> => {
		const started = Date.now();
		let connections = await openConnections(wamock.server);
		while ((connections > 0 || wamock.listeners() > baseline + 1) && Date.now() - started < 8000) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise((resolve) => {
				setTimeout(resolve, 25);
			});
			// eslint-disable-next-line no-await-in-loop
			connections = await openConnections(wamock.server);
		}

		return {
			type: 'drain',
			baseline,
			listeners: wamock.listeners() - 1,
			connections,
			waitedMs: Date.now() - started,
		};
	};

	process.on('message', (message: ToChild) => {
		if (message.type === 'report') {
			reply(report());
		} else if (message.type === 'drain') {
			void drain().then(reply);
		} else {
			void Promise.all([bot.close(), wamock.close()]).then(() => {
				process.exit(0);
			});
		}
	});
	// The test gone (killed or crashed) means this process must go too.
	process.on('disconnect', () => {
		process.exit(1);
	});
	reply({type: 'ready', port});
};

// Only as the load test's child (with an IPC channel): imported by mistake, it must not start servers.
if (process.send !== undefined) {
	await main();
}
