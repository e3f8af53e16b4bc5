import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {cliPath} from './helpers/cli.js';
import {createRandom, seeded} from './helpers/reliability-random.js';
import {freePort, startServer, type TestServer} from './helpers/server.js';

const random = createRandom();
const clients = 50;
const closers: Array<() => Promise<void> | void> = [];
after(async () => {
	for (const close of closers) {
		// eslint-disable-next-line no-await-in-loop
		await close();
	}
});

type Tracked = {
	readonly text: string;
	/** When the whole request (headers and body) had been handed to the socket. */
	sentAt?: number;
	answer?: {status: number; outcome: string | undefined; at: number};
	error?: string;
};

/** One POST /webhook, tracked from the client's side: when its body was out, and what came back. */
const post = async (agent: http.Agent, port: number, text: string, log: Tracked[]): Promise<boolean> =>
	new Promise((resolve) => {
		const tracked: Tracked = {text};
		log.push(tracked);
		const body = JSON.stringify({type: 'text', message: text});
		const request = http.request(
			{
				agent,
				host: '127.0.0.1',
				port,
				method: 'POST',
				path: '/webhook',
				headers: {'content-type': 'application/json'},
			},
			(response) => {
				response.resume();
				response.on('end', () => {
					const outcome = response.headers['x-wamock-outcome'];
					tracked.answer = {
						status: response.statusCode ?? 0,
						outcome: String(outcome),
						at: performance.now(),
					};
					resolve(true);
				});
				response.on('error', (error) => {
					tracked.error = `response: ${error.message}`;
					resolve(false);
				});
			},
		);
		request.on('finish', () => {
			tracked.sentAt = performance.now();
		});
		request.on('error', (error: NodeJS.ErrnoException) => {
			tracked.error = error.code ?? error.message;
			resolve(false);
		});
		request.end(body);
	});

/** `wamock serve` from the build, in an empty folder (no config file), its local target set to `botUrl`. */
const serve = async (port: number, botUrl: string): Promise<{child: ChildProcess; output: () => string}> => {
	const cwd = mkdtempSync(path.join(tmpdir(), 'wamock-sigterm-'));
	closers.push(() => {
		rmSync(cwd, {recursive: true, force: true});
	});
	const child = spawn(process.execPath, [cliPath, 'serve', '--port', String(port)], {
		cwd,
		env: {...process.env, WAMOCK_LOCAL_URL: botUrl, NO_COLOR: '1'},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	closers.push(() => {
		child.kill('SIGKILL');
	});
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		output += chunk.toString('utf8');
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		output += chunk.toString('utf8');
	});
	const started = Date.now();
	while (!output.includes('wamock serving on')) {
		if (Date.now() - started > 10_000 || child.exitCode !== null) {
			throw new Error(`wamock serve did not start: ${output}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 20);
		});
	}

	return {child, output: () => output};
};

describe('SIGTERM under load', {skip: existsSync(cliPath) ? false : 'not built (npm run build)'}, () => {
	test('the server stops within 2 s with code 0, and every accepted request is answered', async (t) => {
		t.diagnostic(`seed ${random.seed}`);
		// A bot that takes 50 to 400 ms, so that many requests are in flight when the signal comes.
		const seen = new Map<string, number>();
		const bot: TestServer = await startServer((request, response) => {
			const text = /"body":"([^"]+)"/.exec(request.body.toString('utf8'))?.[1] ?? '';
			seen.set(text, performance.now());
			setTimeout(() => {
				response.writeHead(200, {'content-type': 'application/json'}).end('{"ok":true}');
			}, 50 + random.int(350));
		});
		closers.push(async () => bot.close());
		const port = await freePort();
		const {child, output} = await serve(port, `${bot.url}/bot/webhook`);
		const exited = new Promise<{code: number | null; signal: string | null; at: number}>((resolve) => {
			child.once('exit', (code, signal) => {
				resolve({code, signal, at: performance.now()});
			});
		});

		const agent = new http.Agent({keepAlive: true, maxSockets: clients});
		closers.push(() => {
			agent.destroy();
		});
		const log: Tracked[] = [];
		let running = true;
		let signalled = false;
		const load = Promise.all(
			Array.from({length: clients}, async (_, client) => {
				for (let index = 0; running; index++) {
					// eslint-disable-next-line no-await-in-loop
					const ok = await post(agent, port, `sig-${client}-${index}`, log);
					// Once the signal is sent a refusal ends this client; the assertions below judge whether it was fair.
					if (!ok && signalled) {
						return;
					}
				}
			}),
		);

		await new Promise((resolve) => {
			setTimeout(resolve, 1000);
		});
		const signalAt = performance.now();
		signalled = true;
		child.kill('SIGTERM');
		const exit = await exited;
		running = false;
		await load;

		/*
		"Accepted" means wamock had taken the request in before the signal: its forwarded copy reached the bot
		(wamock forwards only a body it has read in full), or its body was fully handed to the socket at least
		100 ms before SIGTERM (an idle server reads it far sooner). A request still on the wire when the
		signal comes may meet a closing socket; that is a refusal the client can retry, not a lost answer.
		*/
		const accepted = log.filter(
			(item) => seen.has(item.text) || (item.sentAt !== undefined && item.sentAt < signalAt - 100),
		);
		const inFlight = accepted.filter((item) => item.answer === undefined || item.answer.at > signalAt);
		const unanswered = accepted.filter(
			(item) => item.answer?.status !== 200 || item.answer.outcome !== 'ok' || item.error !== undefined,
		);
		const refused = log.filter((item) => item.error !== undefined);
		t.diagnostic(
			`${log.length} requests, ${accepted.length} accepted, ${inFlight.length} in flight at the signal, ` +
				`${refused.length} refused after it (${[...new Set(refused.map((item) => item.error))].join(', ')}); ` +
				`exit after ${Math.round(exit.at - signalAt)} ms`,
		);

		assert.deepEqual([exit.code, exit.signal], [0, null], output());
		assert.ok(exit.at - signalAt < 2000, `exit took ${Math.round(exit.at - signalAt)} ms`);
		assert.match(output(), /SIGTERM, shutting down/);
		assert.ok(inFlight.length >= 10, `only ${inFlight.length} requests were in flight at the signal`);
		assert.deepEqual(
			unanswered
				.slice(0, 5)
				.map((item) => JSON.stringify({...item, signalAt, botSawItAt: seen.get(item.text)})),
			[],
			seeded(random, `${unanswered.length} accepted requests were not answered`),
		);
		// Nothing the bot saw went unanswered, whenever it came.
		assert.ok(
			[...seen.keys()].every((text) => log.find((item) => item.text === text)?.answer?.status === 200),
			'every forwarded message was answered',
		);
	});
});
