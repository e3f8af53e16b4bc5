// The systems under test run in processes of their own, so the load generator never shares their event loop.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import net from 'node:net';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const cli = path.join(root, 'dist', 'cli.js');

export const freePort = async () => {
	const server = net.createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address();
	server.close();
	await once(server, 'close');
	return port;
};

const waitForHealth = async (url, child, stderr) => {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`${url} exited with ${child.exitCode} before it answered: ${stderr.join('')}`);
		}

		try {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(url);
			if (response.ok) {
				return;
			}
		} catch {}

		// eslint-disable-next-line no-await-in-loop
		await delay(50);
	}

	throw new Error(`${url} did not answer within 10 s: ${stderr.join('')}`);
};

/**
Starts `node <script> <args>` and waits until `healthUrl` answers. Stdout (a line per message) goes to
/dev/null: a pipe that the bench had to drain would cost the bench's own CPU, and one left unread would
block the child once it filled.
*/
const start = async (label, script, args, env, healthUrl) => {
	const child = spawn(process.execPath, [script, ...args], {
		cwd: root,
		env: {...process.env, ...env},
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	const stderr = [];
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk) => {
		stderr.push(chunk);
	});
	await waitForHealth(healthUrl, child, stderr);
	return {
		label,
		pid: child.pid,
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await Promise.race([once(child, 'exit'), delay(3000)]);
				if (child.exitCode === null && child.signalCode === null) {
					child.kill('SIGKILL');
				}
			}
		},
	};
};

/** The sample bot, answering in the webhook response (X-Mock-Testing). */
export const startBot = async () => {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const bot = await start('bot', cli, ['bot', '--port', String(port)], {}, `${base}/health`);
	return {...bot, url: `${base}/bot/webhook`, base};
};

/** `wamock serve`, its local target pointing at `botUrl`. */
export const startServe = async (botUrl) => {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const env = {WAMOCK_LOCAL_URL: botUrl};
	const serve = await start('wamock', cli, ['serve', '--port', String(port)], env, `${base}/health`);
	return {...serve, base};
};

/** The same server and session with no log function at all: the difference to `startServe` is the logging. */
export const startQuietServe = async (botUrl) => {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const script = path.join(import.meta.dirname, 'quiet-serve.js');
	const serve = await start('wamock (no log)', script, [String(port), botUrl], {}, `${base}/health`);
	return {...serve, base};
};
