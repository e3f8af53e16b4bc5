import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import type {ChatBackend} from '../source/backend.js';
import {probeWamock, remoteBackend} from '../source/client.js';
import type {ConversationEvent} from '../source/core/conversation.js';
import {freePort, startServer, type TestServer} from './helpers/server.js';
import {kinds, startWamock, type TestWamock, waitUntil} from './helpers/wamock.js';

const open: Array<{close: () => Promise<void>}> = [];
after(async () => Promise.all(open.map(async (server) => server.close())));

const reply = {messaging_product: 'whatsapp', to: '263778177125', type: 'text', text: {body: 'pong'}};
const setup = async (): Promise<{wamock: TestWamock; bot: TestServer}> => {
	const bot = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(reply));
	});
	// `other` is a port nothing listens on, so sending there fails at once.
	const other = `http://127.0.0.1:${await freePort()}/hook`;
	const wamock = await startWamock(`${bot.url}/bot/webhook`, {targets: {other}});
	open.push(wamock, bot);
	return {wamock, bot};
};

const connect = async (url: string): Promise<ChatBackend> => {
	const backend = await remoteBackend(url);
	open.unshift(backend);
	return backend;
};

describe('probeWamock', () => {
	test('tells wamock, another server and nothing apart', async () => {
		const {wamock} = await setup();
		assert.equal(await probeWamock(wamock.url), 'wamock');
		const other = await startServer((_request, response) => {
			response
				.writeHead(200, {'content-type': 'application/json'})
				.end('{"ok":true,"name":"wamock-sample-bot"}');
		});
		open.push(other);
		assert.equal(await probeWamock(other.url), 'other');
		const html = await startServer((_request, response) => {
			response.writeHead(404).end('<html>');
		});
		open.push(html);
		assert.equal(await probeWamock(html.url), 'other');
		assert.equal(await probeWamock(`http://127.0.0.1:${await freePort()}`), 'none');
		const silent = await startServer(() => undefined);
		open.push(silent);
		const started = Date.now();
		assert.equal(await probeWamock(silent.url, 200), 'none');
		assert.ok(Date.now() - started < 2000);
	});
});

describe('remoteBackend', () => {
	test('reads targets and history, sends, and follows the event stream', async () => {
		const {wamock, bot} = await setup();
		await wamock.session.send({input: {type: 'text', message: 'earlier'}});
		const backend = await connect(`${wamock.url}/`);
		assert.equal(backend.kind, 'remote');
		assert.equal(backend.defaultTarget, 'local');
		const names = backend.targets.map((target) => target.name);
		assert.ok(names.includes('local') && names.includes('other'), names.join());
		assert.equal(backend.targets.find((target) => target.name === 'local')?.url, `${bot.url}/bot/webhook`);
		assert.equal(backend.identity.phone, '263778177125');
		assert.equal(backend.identity.phoneNumberId, '106540352242922');
		assert.deepEqual(kinds(backend.entries()), ['user', 'bot', 'delivered']);

		const events: ConversationEvent[] = [];
		backend.subscribe((event) => events.push(event));
		const result = await backend.send({
			input: {type: 'interactive', message: 'yes', title: 'Yes'},
			phone: '263770000002',
			name: 'Bea',
		});
		assert.deepEqual(result, {ok: true});
		// Resolved only once its entries came through the stream, like a local session.
		assert.deepEqual(kinds(backend.entries()), ['user', 'bot', 'delivered', 'user', 'bot', 'delivered']);
		assert.deepEqual(
			events.map((event) => (event.type === 'entry' ? event.entry.seq : 0)),
			[4, 5, 6],
		);
		const user = backend.entries()[3];
		assert.equal(user?.kind === 'user' && user.phone, '263770000002');
		assert.equal(user?.kind === 'user' && user.name, 'Bea');
		assert.equal(user?.kind === 'user' && user.summary, 'yes (Yes)');
		assert.equal(bot.received.length, 2);
	});

	test('input errors are ok:false; bot failures are ok:true because the conversation records them', async () => {
		const {wamock} = await setup();
		const backend = await connect(wamock.url);
		const empty = await backend.send({input: {type: 'text', message: ' '}});
		assert.equal(empty.ok, false);
		assert.match(empty.ok ? '' : empty.error, /empty/);
		const unknown = await backend.send({target: 'nowhere', input: {type: 'text', message: 'x'}});
		assert.match(unknown.ok ? '' : unknown.error, /unknown target "nowhere"/);
		// The failure is recorded in the conversation, not thrown.
		const failed = await backend.send({target: 'other', input: {type: 'text', message: 'x'}});
		assert.deepEqual(failed, {ok: true});
		assert.equal(backend.entries().at(-1)?.kind, 'error');
	});

	test('clear empties the entries and tells subscribers', async () => {
		const {wamock} = await setup();
		const backend = await connect(wamock.url);
		await backend.send({input: {type: 'text', message: 'x'}});
		const events: string[] = [];
		backend.subscribe((event) => events.push(event.type));
		await backend.clear();
		assert.deepEqual(backend.entries(), []);
		assert.deepEqual(events, ['clear']);
		assert.equal(wamock.conversation.list().length, 0);
		await backend.send({input: {type: 'text', message: 'again'}});
		assert.deepEqual(kinds(backend.entries()), ['user', 'bot', 'delivered']);
	});

	test('reconnects after the stream drops, from the last seq, without duplicates', async () => {
		const {wamock} = await setup();
		const backend = await connect(wamock.url);
		await waitUntil(() => wamock.listeners() === 1, 'the stream');
		wamock.server.closeAllConnections();
		await waitUntil(() => wamock.listeners() === 0, 'the drop');
		wamock.session.receiveBotMessage(reply, 'send-api');
		await waitUntil(() => backend.entries().length === 1, 'the missed entry', 5000);
		wamock.session.receiveBotMessage(reply, 'send-api');
		await waitUntil(() => backend.entries().length === 2, 'a live entry');
		assert.deepEqual(
			backend.entries().map((entry) => entry.seq),
			[1, 2],
		);
	});

	test('close() stops following', async () => {
		const {wamock} = await setup();
		const backend = await remoteBackend(wamock.url);
		await waitUntil(() => wamock.listeners() === 1, 'the stream');
		const events: ConversationEvent[] = [];
		backend.subscribe((event) => events.push(event));
		await backend.close();
		await waitUntil(() => wamock.listeners() === 0, 'the stream to close');
		wamock.session.receiveBotMessage(reply, 'send-api');
		await new Promise((resolve) => {
			setTimeout(resolve, 100);
		});
		assert.deepEqual(events, []);
	});

	test('rejects with a readable error when nothing answers', async () => {
		const url = `http://127.0.0.1:${await freePort()}`;
		await assert.rejects(remoteBackend(url), {
			message: `could not reach wamock at ${url} (connection refused)`,
		});
	});
});
