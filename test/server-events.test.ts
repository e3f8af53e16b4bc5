import assert from 'node:assert/strict';
import http from 'node:http';
import {after, describe, test} from 'node:test';
import {createEventParser, type StreamEvent} from '../source/server/event-stream.js';
import {startServer, type TestServer} from './helpers/server.js';
import {postJson, startWamock, type TestWamock, waitUntil} from './helpers/wamock.js';

const open: Array<TestServer | TestWamock> = [];
after(async () => Promise.all(open.map(async (server) => server.close())));

const reply = {messaging_product: 'whatsapp', to: '263778177125', type: 'text', text: {body: 'pong'}};
const setup = async () => {
	const bot = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(reply));
	});
	const wamock = await startWamock(`${bot.url}/bot/webhook`);
	open.push(wamock, bot);
	return wamock;
};

/** A live reader of /api/events: every raw chunk and every parsed event, until stop(). */
const listen = async (url: string, headers: Record<string, string> = {}) => {
	const controller = new AbortController();
	const response = await fetch(url, {signal: controller.signal, headers});
	const events: StreamEvent[] = [];
	let raw = '';
	let ended = false;
	const feed = createEventParser(
		(event) => events.push(event),
		() => undefined,
	);
	const pump = (async () => {
		const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
		try {
			for (;;) {
				// eslint-disable-next-line no-await-in-loop
				const chunk = await reader?.read();
				if (!chunk || chunk.done) {
					break;
				}

				raw += chunk.value;
				feed(chunk.value);
			}
		} catch {
			// Aborted by stop().
		}

		ended = true;
	})();
	return {
		response,
		events,
		raw: () => raw,
		ended: () => ended,
		seqs: () => events.filter((event) => event.event === 'entry').map((event) => Number(event.id)),
		async stop() {
			controller.abort();
			await pump;
		},
	};
};

describe('GET /api/events', () => {
	test('streams every new entry, in order, after retry', async () => {
		const wamock = await setup();
		const stream = await listen(`${wamock.url}/api/events`);
		assert.equal(stream.response.status, 200);
		assert.equal(stream.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
		assert.equal(stream.response.headers.get('cache-control'), 'no-cache');
		await waitUntil(() => stream.raw().startsWith('retry: 1000\n\n'), 'the retry line');
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'ping'});
		await waitUntil(() => stream.events.length === 3, 'three entries');
		const entries = stream.events.map((event) => JSON.parse(event.data) as {kind: string; seq: number});
		assert.deepEqual(
			entries.map((entry) => entry.kind),
			['user', 'bot', 'delivered'],
		);
		assert.deepEqual(stream.seqs(), [1, 2, 3]);
		assert.deepEqual(
			entries.map((entry) => entry.seq),
			[1, 2, 3],
		);
		assert.ok(stream.events.every((event) => event.event === 'entry'));
		await stream.stop();
	});

	test('?since and Last-Event-ID replay what came after; a clear is streamed', async () => {
		const wamock = await setup();
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'one'});
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'two'});
		const since = await listen(`${wamock.url}/api/events?since=4`);
		const header = await listen(`${wamock.url}/api/events`, {'last-event-id': '5'});
		await waitUntil(() => since.events.length === 2 && header.events.length === 1, 'the replay');
		assert.deepEqual(since.seqs(), [5, 6]);
		assert.deepEqual(header.seqs(), [6]);
		const cleared = await fetch(`${wamock.url}/api/messages`, {method: 'DELETE'});
		assert.deepEqual(await cleared.json(), {ok: true});
		await waitUntil(() => since.events.length === 3, 'the clear event');
		assert.deepEqual([since.events[2]?.event, since.events[2]?.data], ['clear', '{}']);
		const viaGet = await fetch(`${wamock.url}/clear-conversation`);
		assert.deepEqual(await viaGet.json(), {ok: true});
		await waitUntil(
			() => header.events.filter((event) => event.event === 'clear').length === 2,
			'two clears',
		);
		await since.stop();
		await header.stop();
	});

	test('a client ahead of this server (an earlier run) is told to clear, then gets everything', async () => {
		const wamock = await setup();
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'one'});
		const stream = await listen(`${wamock.url}/api/events?since=99`);
		await waitUntil(() => stream.events.length === 4, 'clear and three entries');
		assert.equal(stream.events[0]?.event, 'clear');
		assert.deepEqual(stream.seqs(), [1, 2, 3]);
		await stream.stop();
	});

	test('a client that goes away is unsubscribed', async () => {
		const wamock = await setup();
		const first = await listen(`${wamock.url}/api/events`);
		const second = await listen(`${wamock.url}/api/events`);
		await waitUntil(() => wamock.listeners() === 2, 'two subscriptions');
		await first.stop();
		await waitUntil(() => wamock.listeners() === 1, 'one subscription');
		await second.stop();
		await waitUntil(() => wamock.listeners() === 0, 'no subscription');
	});

	test('a client that stops reading is dropped once its buffer passes about 1 MiB', async () => {
		const wamock = await setup();
		const request = http.get(`${wamock.url}/api/events`);
		const paused = await new Promise<http.IncomingMessage>((resolve) => {
			request.on('response', (response) => {
				response.pause();
				resolve(response);
			});
		});
		await waitUntil(() => wamock.listeners() === 1, 'the subscription');
		const body = {
			messaging_product: 'whatsapp',
			to: '263778177125',
			type: 'text',
			text: {body: 'x'.repeat(4000)},
		};
		// Far more than the kernel's socket buffers and the 1 MiB allowance together.
		for (let index = 0; index < 5000 && wamock.listeners() > 0; index++) {
			wamock.session.receiveBotMessage(body, 'send-api');
		}

		await waitUntil(() => wamock.listeners() === 0, 'the slow client to be dropped');
		paused.destroy();
		request.destroy();
	});

	test('a long history is replayed in full, and one big entry does not drop a reader', async () => {
		const wamock = await setup();
		const body = {
			messaging_product: 'whatsapp',
			to: '263778177125',
			type: 'text',
			text: {body: 'y'.repeat(4000)},
		};
		for (let index = 0; index < 3000; index++) {
			wamock.session.receiveBotMessage(body, 'send-api');
		}

		const stream = await listen(`${wamock.url}/api/events?since=0`);
		await waitUntil(() => stream.events.length === 3000, 'the whole replay', 10_000);
		assert.equal(stream.seqs().at(-1), 3000);
		const big = JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [{field: 'messages', value: {messaging_product: 'whatsapp', pad: 'z'.repeat(2_500_000)}}],
				},
			],
		});
		assert.equal((await postJson(`${wamock.url}/webhook`, big)).status, 200);
		await waitUntil(() => stream.events.length === 3003, 'the big entry, the reply and the delivery', 10_000);
		assert.equal(wamock.listeners(), 1);
		await stream.stop();
	});

	test('close() ends open streams and resolves quickly', async () => {
		const wamock = await setup();
		const stream = await listen(`${wamock.url}/api/events`);
		await waitUntil(() => wamock.listeners() === 1, 'the subscription');
		const started = Date.now();
		await wamock.close();
		assert.ok(Date.now() - started < 1500, `close took ${Date.now() - started} ms`);
		await waitUntil(() => stream.ended(), 'the stream to end');
		assert.equal(wamock.listeners(), 0);
	});

	test('?since must be a number', async () => {
		const wamock = await setup();
		const response = await fetch(`${wamock.url}/api/events?since=abc`);
		assert.equal(response.status, 400);
		assert.equal(((await response.json()) as {error: {code: string}}).error.code, 'invalid-input');
	});
});

describe('the event-stream parser', () => {
	test('handles chunks split anywhere, CRLF, comments and retry', () => {
		const events: StreamEvent[] = [];
		const retries: number[] = [];
		const feed = createEventParser(
			(event) => events.push(event),
			(ms) => retries.push(ms),
		);
		const text =
			'retry: 1500\r\n\r\n: ping\n\nid: 7\r\nevent: entry\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: clear\ndata: {}\n\n';
		for (const char of text) {
			feed(char);
		}

		assert.deepEqual(retries, [1500]);
		assert.deepEqual(events, [
			{event: 'entry', data: '{"a":\n1}', id: '7'},
			{event: 'clear', data: '{}', id: '7'},
		]);
	});
});
