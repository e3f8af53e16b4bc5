import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startBot} from '../source/bot/index.js';
import {runCli} from './helpers/cli.js';
import {freePort} from './helpers/server.js';
import {startWamock} from './helpers/wamock.js';

type WaitJson = {
	status: number;
	replies: Array<{type: string; text?: {body: string}}>;
	entries: Array<{kind: string; via?: string}>;
};

test('--wait with no wamock server running: its own listener takes the send-API replies', async () => {
	const port = await freePort();
	const bot = await startBot({port: 0, graphUrl: `http://127.0.0.1:${port}`});
	try {
		const result = await runCli([
			'--json',
			'--wait',
			'1500',
			'--port',
			String(port),
			'--type',
			'interactive',
			'balance',
			'--target',
			bot.url,
		]);
		assert.equal(result.code, 0, result.stderr);
		const output = JSON.parse(result.stdout) as WaitJson;
		assert.equal(output.status, 200);
		assert.equal(output.replies.length, 1);
		assert.match(output.replies[0]?.text?.body ?? '', /You chose \*balance\*/);
		assert.ok(output.entries.some((entry) => entry.kind === 'bot' && entry.via === 'send-api'));
	} finally {
		await bot.close();
	}
});

test('--wait with a wamock server on the port: sends through it and reads its event stream', async () => {
	const port = await freePort();
	const bot = await startBot({port: 0, graphUrl: `http://127.0.0.1:${port}`});
	const wamock = await startWamock(bot.url, {port});
	try {
		const result = await runCli(['--wait', '1500', '--port', String(port), 'hi']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, new RegExp(`sending through the wamock server at http://127.0.0.1:${port}`));
		assert.match(result.stdout, /\[ Check balance \]\s+id: balance/);
		assert.match(result.stdout, /via the send API/);
		const kinds = wamock.conversation.list().map((entry) => entry.kind);
		assert.ok(kinds.includes('user') && kinds.includes('bot'), kinds.join(','));
	} finally {
		await wamock.close();
		await bot.close();
	}
});

test('--wait reports a bot that cannot be reached, with exit 1', async () => {
	const port = await freePort();
	const refused = `http://127.0.0.1:${await freePort()}/bot/webhook`;
	const result = await runCli(['--wait', '200', '--port', String(port), 'hi', '--target', refused]);
	assert.equal(result.code, 1);
	assert.match(result.stdout, /unreachable \(502\): could not reach .* \(connection refused\)/);
});
