import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import http from 'node:http';
import {after, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {send} from './helpers/reliability-http.js';
import type {DrainReport, FromChild, LoadReport, ToChild} from './helpers/reliability-load-protocol.js';
import {phoneOf, textOf} from './helpers/reliability-load-protocol.js';
import {createRandom, seeded} from './helpers/reliability-random.js';
import {churnStreams} from './helpers/reliability-streams.js';
import {inPool} from './helpers/reliability-wait.js';

const random = createRandom();
const clients = 200;
const perClient = 50;
const total = clients * perClient;
const root = fileURLToPath(new URL('..', import.meta.url));
const serverScript = fileURLToPath(new URL('helpers/reliability-load-server.ts', import.meta.url));

let child: ChildProcess | undefined;
after(() => {
	child?.kill('SIGKILL');
});

/** The child's next message of this type, or a failure after `timeoutMs`. */
const nextMessage = async <T extends FromChild['type']>(
	from: ChildProcess,
	type: T,
	timeoutMs: number,
): Promise<Extract<FromChild, {type: T}>> =>
	new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			from.off('message', onMessage);
			reject(new Error(`no "${type}" from the load server within ${timeoutMs} ms`));
		}, timeoutMs);
		const onMessage = (message: FromChild) => {
			if (message.type === type) {
				clearTimeout(timer);
				from.off('message', onMessage);
				resolve(message as Extract<FromChild, {type: T}>);
			}
		};

		from.on('message', onMessage);
	});

const ask = async <T extends 'report' | 'drain'>(from: ChildProcess, type: T, timeoutMs = 10_000) => {
	const answer = nextMessage(from, type, timeoutMs);
	from.send({type} satisfies ToChild);
	return answer;
};

describe('load', () => {
	test('200 clients, 10,000 messages to the sample bot in async mode; event streams churn meanwhile', async (t) => {
		t.diagnostic(`seed ${random.seed}`);
		const server = spawn(
			process.execPath,
			['--import', 'tsx', serverScript, String(clients), String(perClient)],
			{
				cwd: root,
				stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			},
		);
		child = server;
		const {port} = await nextMessage(server, 'ready', 10_000);
		const started = performance.now();
		const agent = new http.Agent({keepAlive: true, maxSockets: clients});
		const failures: string[] = [];
		let sending = true;
		const churn = churnStreams(port, random, {clients: 400, concurrency: 5, keepGoing: () => sending});
		await inPool(
			Array.from({length: clients}, (_, client) => client),
			clients,
			async (client) => {
				for (let index = 0; index < perClient; index++) {
					const body = JSON.stringify({type: 'text', message: textOf(client, index), phone: phoneOf(client)});
					const headers = {'content-type': 'application/json'};
					// eslint-disable-next-line no-await-in-loop
					const answer = await send(agent, port, {method: 'POST', path: '/webhook', body, headers}, 40_000);
					if (!('status' in answer) || answer.status !== 200 || answer.headers['x-wamock-outcome'] !== 'ok') {
						failures.push(`${textOf(client, index)}: ${JSON.stringify(answer).slice(0, 200)}`);
					}
				}
			},
		);
		const sent = performance.now() - started;
		sending = false;
		const streams = await churn;
		agent.destroy();

		// The sample bot sends its replies one at a time, so they trail the answers by a few seconds.
		let report: LoadReport = await ask(server, 'report');
		while (report.replies < total && performance.now() - started < 40_000) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise((resolve) => {
				setTimeout(resolve, 200);
			});
			// eslint-disable-next-line no-await-in-loop
			report = await ask(server, 'report');
		}

		const replied = performance.now() - started;
		const drained: DrainReport = await ask(server, 'drain');
		t.diagnostic(
			`answers ${Math.round(sent)} ms, replies ${Math.round(replied)} ms, drained after ${drained.waitedMs} ms more; ` +
				`${streams.opened} event streams opened and dropped, ${streams.events} events read`,
		);
		server.send({type: 'close'} satisfies ToChild);
		const code = await new Promise<number | null>((resolve) => {
			server.once('exit', resolve);
		});

		assert.deepEqual(failures.slice(0, 5), [], seeded(random, `${failures.length} of ${total} sends failed`));
		assert.deepEqual(report.missing, [], 'every user message and every reply is recorded');
		assert.deepEqual(
			[report.users, report.replies, report.delivered],
			[total, total, total],
			'users, replies, deliveries',
		);
		assert.deepEqual(report.unexpected, [], 'no error, rejection or ✗ log line');
		// How many streams churn depends on how busy the machine is; a handful is enough to prove they came and went.
		assert.ok(streams.opened >= 10, `only ${streams.opened} event streams were opened`);
		assert.equal(drained.listeners, drained.baseline, 'every event-stream listener is gone');
		assert.equal(drained.connections, 0, 'no connection is left open');
		assert.equal(code, 0, 'the load server closed cleanly');
	});
});
