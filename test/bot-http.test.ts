import assert from 'node:assert/strict';
import net from 'node:net';
import {test} from 'node:test';
import {type Bot, startBot} from '../source/bot/index.js';
import {envelope, from} from './helpers/inbound.js';

// The bot's HTTP surface: routes, the verification handshake, and requests that are broken or too big.

const withBot = async (run: (bot: Bot) => Promise<void>, options = {}) => {
	const bot = await startBot({port: 0, ...options});
	try {
		await run(bot);
	} finally {
		await bot.close();
	}
};

const post = async (url: string, body: unknown) => {
	const response = await fetch(url, {
		method: 'POST',
		headers: {'content-type': 'application/json', 'x-mock-testing': 'true'},
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const json: unknown = await response.json();
	return {status: response.status, json};
};

const errorMessage = (json: unknown): string => {
	const message = (json as {error?: {message?: unknown}} | undefined)?.error?.message;
	assert.equal(typeof message, 'string', JSON.stringify(json));
	return String(message);
};

const healthy = async (bot: Bot) => {
	const response = await fetch(`http://127.0.0.1:${bot.port}/health`);
	assert.equal(response.status, 200);
	assert.deepEqual(await response.json(), {ok: true, name: 'wamock-sample-bot'});
};

test('a body over 3 MiB is refused with 413, with or without a content-length', async () => {
	await withBot(async (bot) => {
		const big = `{"entry":[],"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`;
		const declared = await fetch(bot.url, {method: 'POST', body: big});
		assert.equal(declared.status, 413);
		assert.match(((await declared.json()) as {error: {message: string}}).error.message, /larger than/);

		const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let index = 0; index < 4; index++) {
					controller.enqueue(chunk);
				}

				controller.close();
			},
		});
		const chunked = await fetch(bot.url, {method: 'POST', body: stream, duplex: 'half'} as RequestInit);
		assert.equal(chunked.status, 413);
		await chunked.body?.cancel();

		// Just under the limit is still read (and then refused only for what it is).
		const under = await fetch(bot.url, {
			method: 'POST',
			body: `{"pad":"${'x'.repeat(3 * 1024 * 1024 - 20)}"}`,
		});
		assert.equal(under.status, 400);
		await under.body?.cancel();
		await healthy(bot);
	});
});

test('a client that hangs up mid-body does not hurt the bot', async () => {
	await withBot(async (bot) => {
		await new Promise<void>((resolve, reject) => {
			const socket = net.connect(bot.port, '127.0.0.1', () => {
				socket.write(
					'POST /bot/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"entry":',
				);
				setTimeout(() => {
					socket.destroy();
					resolve();
				}, 50);
			});
			socket.on('error', reject);
		});
		const garbage = net.connect(bot.port, '127.0.0.1', () => {
			garbage.end('NOT HTTP AT ALL\r\n\r\n');
		});
		const answer = await new Promise<string>((resolve) => {
			let text = '';
			garbage.on('data', (data: Buffer) => {
				text += data.toString('utf8');
			});
			garbage.on('close', () => {
				resolve(text);
			});
		});
		assert.match(answer, /^HTTP\/1\.1 400/);
		await healthy(bot);
	});
});

test('a port in use is a readable error', async () => {
	await withBot(async (bot) => {
		await assert.rejects(
			startBot({port: bot.port}),
			/could not start the sample bot on 127\.0\.0\.1:\d+ \(address already in use\)/,
		);
	});
});

test('startBot reports the webhook URL and a real port', async () => {
	await withBot(async (bot) => {
		assert.ok(bot.port > 0);
		assert.equal(bot.url, `http://127.0.0.1:${bot.port}/bot/webhook`);
		const response = await fetch(`http://127.0.0.1:${bot.port}/health`);
		assert.deepEqual(await response.json(), {ok: true, name: 'wamock-sample-bot'});
	});
});

test('verification handshake', async () => {
	await withBot(
		async (bot) => {
			const good = await fetch(
				`${bot.url}?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=1158201444`,
			);
			assert.equal(good.status, 200);
			assert.match(good.headers.get('content-type') ?? '', /^text\/plain/);
			assert.equal(await good.text(), '1158201444');

			const bad = await fetch(`${bot.url}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
			assert.equal(bad.status, 403);
			assert.match(errorMessage(await bad.json()), /verify_token/);

			const mode = await fetch(`${bot.url}?hub.mode=unsubscribe&hub.verify_token=s3cret&hub.challenge=1`);
			assert.equal(mode.status, 403);
			await mode.body?.cancel();

			const none = await fetch(bot.url);
			assert.equal(none.status, 403);
			await none.body?.cancel();
		},
		{verifyToken: 's3cret'},
	);
});

test('the default verify token is wamock-verify-token', async () => {
	await withBot(async (bot) => {
		const response = await fetch(
			`${bot.url}?hub.mode=subscribe&hub.verify_token=wamock-verify-token&hub.challenge=abc`,
		);
		assert.equal(response.status, 200);
		assert.equal(await response.text(), 'abc');
	});
});

test('malformed envelopes are refused with 400 and a readable JSON error', async () => {
	await withBot(async (bot) => {
		const invalid = await post(bot.url, '{"object": ');
		assert.equal(invalid.status, 400);
		assert.match(errorMessage(invalid.json), /not valid JSON/);

		const missing = await post(bot.url, {object: 'whatsapp_business_account'});
		assert.equal(missing.status, 400);
		assert.match(errorMessage(missing.json), /entry/);

		const sendApiBody = await post(bot.url, {messaging_product: 'whatsapp', to: from, type: 'text'});
		assert.equal(sendApiBody.status, 400);

		for (const body of ['[]', '"hi"', 'null', '42']) {
			const notObject = await post(bot.url, body);
			assert.equal(notObject.status, 400, body);
		}

		const badShape = await post(bot.url, envelope({type: 'text', text: 'hi'}));
		assert.equal(badShape.status, 400);
		assert.match(errorMessage(badShape.json), /entry\[0\]\.changes\[0\]\.value\.messages\[0\]\.text/);

		const badEntry = await post(bot.url, {entry: [{changes: {}}]});
		assert.equal(badEntry.status, 400);
		assert.match(errorMessage(badEntry.json), /entry\[0\]\.changes must be an array/);

		// Still alive and answering after all of that.
		const ping = await post(bot.url, envelope({type: 'text', text: {body: 'ping'}}));
		assert.equal(ping.status, 200);
		assert.match(JSON.stringify(ping.json), /You said: _ping_/);
	});
});

test('unknown routes are 404 and wrong methods 405, both JSON', async () => {
	await withBot(async (bot) => {
		const base = `http://127.0.0.1:${bot.port}`;
		const missing = await fetch(`${base}/nope`);
		assert.equal(missing.status, 404);
		assert.match(missing.headers.get('content-type') ?? '', /^application\/json/);
		assert.match(errorMessage(await missing.json()), /nope/);

		const put = await fetch(bot.url, {method: 'PUT', body: '{}'});
		assert.equal(put.status, 405);
		assert.equal(put.headers.get('allow'), 'GET, POST');
		errorMessage(await put.json());

		const postHealth = await fetch(`${base}/health`, {method: 'POST'});
		assert.equal(postHealth.status, 405);
		errorMessage(await postHealth.json());
	});
});
