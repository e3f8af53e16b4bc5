import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import {after, describe, test} from 'node:test';
import {buildEnvelope} from '../source/core/envelope.js';
import {freePort, startServer, type TestServer} from './helpers/server.js';
import {type ErrorBody, kinds, postJson, startWamock, type TestWamock} from './helpers/wamock.js';

const open: Array<TestServer | TestWamock> = [];
after(async () => Promise.all(open.map(async (server) => server.close())));

const bot = async (status = 200, body = '{"ok":true}', contentType = 'application/json') => {
	const server = await startServer((_request, response) => {
		response.writeHead(status, {'content-type': contentType}).end(body);
	});
	open.push(server);
	return server;
};

const wamockFor = async (server: TestServer | string, options: Parameters<typeof startWamock>[1] = {}) => {
	const wamock = await startWamock(
		typeof server === 'string' ? server : `${server.url}/bot/webhook`,
		options,
	);
	open.push(wamock);
	return wamock;
};

const errorOf = async (response: Response): Promise<ErrorBody['error']> =>
	((await response.json()) as ErrorBody).error;

const threeMiB = 3 * 1024 * 1024;

describe('forwarding', () => {
	test('the short form is built into an envelope and the bot answer is passed back', async () => {
		const target = await bot(200, '{"ok":true,"from":"bot"}');
		const wamock = await wamockFor(target);
		const response = await postJson(`${wamock.url}/webhook`, {
			type: 'text',
			message: 'hi there',
			phone: '263771234567',
			name: 'Ann',
		});
		assert.equal(response.status, 200);
		assert.equal(response.headers.get('content-type'), 'application/json');
		assert.equal(await response.text(), '{"ok":true,"from":"bot"}');
		const [request] = target.received;
		assert.equal(target.received.length, 1);
		assert.equal(request?.url, '/bot/webhook');
		assert.equal(request?.headers['content-type'], 'application/json');
		assert.equal(request?.headers.accept, 'application/json');
		assert.equal(request?.headers['x-mock-testing'], 'true');
		const envelope = JSON.parse(request?.body.toString('utf8') ?? '') as {
			entry: Array<{
				changes: Array<{value: {contacts: Array<{profile: {name: string}}>; messages: unknown[]}}>;
			}>;
		};
		const value = envelope.entry[0]?.changes[0]?.value;
		assert.equal(value?.contacts[0]?.profile.name, 'Ann');
		assert.deepEqual(
			{...(value?.messages[0] as Record<string, unknown>), id: '', timestamp: ''},
			{from: '263771234567', id: '', timestamp: '', type: 'text', text: {body: 'hi there'}},
		);
		assert.deepEqual(kinds(wamock.conversation.list()), ['user', 'delivered']);
		assert.ok(wamock.lines.some((line) => line.startsWith('→ 263771234567 (Ann) text "hi there"')));
	});

	test('a full envelope on /bot/webhook reaches the bot byte for byte', async () => {
		const target = await bot();
		const wamock = await wamockFor(target);
		const built = buildEnvelope({type: 'list', message: 'row-1', title: 'Café ☕', description: 'a/b'});
		assert.ok(built.ok);
		// Pretty-printed and with raw non-ASCII: re-serialising would change these bytes.
		const raw = JSON.stringify(built.envelope, undefined, 2);
		const response = await postJson(`${wamock.url}/bot/webhook?target=local`, raw);
		assert.equal(response.status, 200);
		assert.equal(target.received[0]?.body.toString('utf8'), raw);
		assert.equal(target.received[0]?.headers['x-mock-testing'], 'true');
		const [user] = wamock.conversation.list();
		assert.equal(user?.kind === 'user' && user.summary, 'row-1 (Café ☕)');
	});

	test('a named target is used; the default is settings.defaultTarget', async () => {
		const first = await bot(200, 'first');
		const second = await bot(200, 'second', 'text/plain');
		const wamock = await wamockFor(first, {targets: {other: `${second.url}/hook`}});
		const response = await postJson(`${wamock.url}/webhook?target=other`, {type: 'text', message: 'x'});
		assert.equal(await response.text(), 'second');
		assert.equal(response.headers.get('content-type'), 'text/plain');
		assert.equal(second.received[0]?.url, '/hook');
		assert.equal(first.received.length, 0);
	});

	test("the bot's error status and body are passed back and recorded", async () => {
		const target = await bot(500, 'boom', 'text/plain');
		const wamock = await wamockFor(target);
		const response = await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'hi'});
		assert.equal(response.status, 500);
		assert.equal(await response.text(), 'boom');
		assert.equal(response.headers.get('x-wamock-outcome'), 'bot-error');
		const last = wamock.conversation.list().at(-1);
		assert.equal(last?.kind === 'error' && last.code, 'bot-error');
	});

	test('replies in the webhook response are recorded as bot messages', async () => {
		const reply = {
			messaging_product: 'whatsapp',
			to: '263778177125',
			type: 'text',
			text: {body: 'hello back'},
		};
		const wamock = await wamockFor(await bot(200, JSON.stringify(reply)));
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'hi'});
		const [user, botEntry, delivered] = wamock.conversation.list();
		assert.equal(botEntry?.kind === 'bot' && botEntry.via, 'response');
		assert.equal(botEntry?.kind === 'bot' && botEntry.replyTo, user?.seq);
		assert.equal(delivered?.kind === 'delivered' && delivered.replies, 1);
	});

	test('502 when nothing listens at the target', async () => {
		const wamock = await wamockFor(`http://127.0.0.1:${await freePort()}/bot/webhook`);
		const response = await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'hi'});
		assert.equal(response.status, 502);
		const error = await errorOf(response);
		assert.equal(error.code, 'unreachable');
		assert.match(error.message, /connection refused/);
		assert.equal(wamock.conversation.list().at(-1)?.kind, 'error');
	});

	test('504 when the bot never answers', async () => {
		const silent = await startServer(() => undefined);
		open.push(silent);
		const wamock = await wamockFor(silent, {timeoutMs: 300});
		const started = Date.now();
		const response = await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'hi'});
		assert.equal(response.status, 504);
		assert.equal((await errorOf(response)).code, 'timeout');
		assert.ok(Date.now() - started < 3000);
	});
});

describe('refused requests', () => {
	test('400 for invalid JSON, and nothing is forwarded', async () => {
		const target = await bot();
		const wamock = await wamockFor(target);
		for (const body of ['{"type":"text",', 'hello', '']) {
			// eslint-disable-next-line no-await-in-loop
			const response = await postJson(`${wamock.url}/webhook`, body, {'content-type': 'text/plain'});
			assert.equal(response.status, 400);
			// eslint-disable-next-line no-await-in-loop
			assert.equal((await errorOf(response)).code, 'invalid-json');
		}

		assert.equal(target.received.length, 0);
		assert.equal(wamock.conversation.list().length, 0);
	});

	test('400 for a bad short form or envelope', async () => {
		const target = await bot();
		const wamock = await wamockFor(target);
		const cases: Array<[unknown, RegExp]> = [
			[{type: 'text'}, /short form/],
			[{type: 'sticker', message: 'x'}, /unknown message type/],
			[{type: 'text', message: '   '}, /empty/],
			[{type: 'text', message: 'x', phone: 'abc'}, /phone number/],
			[{type: 'text', message: 'x', title: 5}, /"title" must be a string/],
			[[{type: 'text', message: 'x'}], /JSON object/],
			[{entry: [1]}, /not a webhook envelope/],
			[{entry: [{changes: [{value: {messages: 'x'}}]}]}, /value\.messages/],
		];
		for (const [body, message] of cases) {
			// eslint-disable-next-line no-await-in-loop
			const response = await postJson(`${wamock.url}/webhook`, body);
			assert.equal(response.status, 400, JSON.stringify(body));
			// eslint-disable-next-line no-await-in-loop
			const error = await errorOf(response);
			assert.equal(error.code, 'invalid-input');
			assert.match(error.message, message);
		}

		assert.equal(target.received.length, 0);
	});

	test('400 for a target that is not configured, even a URL', async () => {
		const target = await bot();
		const elsewhere = await bot();
		const wamock = await wamockFor(target);
		for (const name of ['nope', 'http://127.0.0.1:1/x', `${elsewhere.url}/bot/webhook`]) {
			// eslint-disable-next-line no-await-in-loop
			const response = await postJson(`${wamock.url}/webhook?target=${encodeURIComponent(name)}`, {
				type: 'text',
				message: 'hi',
			});
			assert.equal(response.status, 400);
			// eslint-disable-next-line no-await-in-loop
			assert.match((await errorOf(response)).message, /unknown target/);
		}

		assert.equal(target.received.length + elsewhere.received.length, 0);
	});

	test('413 just over 3 MiB; just under is forwarded', async () => {
		const target = await bot();
		const wamock = await wamockFor(target);
		const built = buildEnvelope({type: 'text', message: 'big'});
		assert.ok(built.ok);
		const base = JSON.stringify({...built.envelope, pad: ''});
		const padded = (size: number) => base.replace('"pad":""', `"pad":"${'x'.repeat(size - base.length)}"`);
		const under = await postJson(`${wamock.url}/webhook`, padded(threeMiB));
		assert.equal(under.status, 200);
		assert.equal(target.received[0]?.body.length, threeMiB);
		const over = await postJson(`${wamock.url}/webhook`, padded(threeMiB + 1));
		assert.equal(over.status, 413);
		assert.equal((await errorOf(over)).code, 'body-too-large');
		assert.equal(target.received.length, 1);
	});

	test('413 for a chunked body as soon as it passes the limit', async () => {
		const wamock = await wamockFor(await bot());
		const {port} = wamock;
		const status = await new Promise<number>((resolve, reject) => {
			const request = http.request(
				{port, host: '127.0.0.1', method: 'POST', path: '/webhook'},
				(response) => {
					response.resume();
					resolve(response.statusCode ?? 0);
					request.destroy();
				},
			);
			request.on('error', reject);
			// Never ends: the answer must come while the upload is still going.
			const chunk = Buffer.alloc(256 * 1024, 'x');
			for (let index = 0; index < 13; index++) {
				request.write(chunk);
			}
		});
		assert.equal(status, 413);
	});

	test('404 for an unknown route, 405 with allow for a wrong method', async () => {
		const wamock = await wamockFor(await bot());
		const missing = await fetch(`${wamock.url}/nope`);
		assert.equal(missing.status, 404);
		assert.equal((await errorOf(missing)).code, 'not-found');
		for (const [method, path, allow] of [
			['GET', '/webhook', 'POST'],
			['PUT', '/bot/webhook', 'POST'],
			['PUT', '/api/messages', 'GET, DELETE'],
			['GET', '/v23.0/106540352242922/messages', 'POST'],
			['POST', '/health', 'GET'],
		] as const) {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(`${wamock.url}${path}`, {method});
			assert.equal(response.status, 405, `${method} ${path}`);
			assert.equal(response.headers.get('allow'), allow);
			// eslint-disable-next-line no-await-in-loop
			assert.equal((await errorOf(response)).code, 'method-not-allowed');
		}
	});

	test('a request that is not HTTP gets a 400 and the server keeps running', async () => {
		const wamock = await wamockFor(await bot());
		const answer = await new Promise<string>((resolve, reject) => {
			const socket = net.connect(wamock.port, '127.0.0.1', () => {
				socket.write('NOT HTTP AT ALL\r\n\r\n');
			});
			let text = '';
			socket.on('data', (chunk) => {
				text += chunk.toString();
			});
			socket.on('close', () => {
				resolve(text);
			});
			socket.on('error', reject);
		});
		assert.match(answer, /^HTTP\/1\.1 400 /);
		assert.equal((await fetch(`${wamock.url}/health`)).status, 200);
	});
});
