import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {after, test} from 'node:test';
import {buildEnvelope} from '../source/core/envelope.js';
import {metaJson} from '../source/core/json.js';
import {forward, signBody} from '../source/forward.js';
import {freePort, startServer, type TestServer} from './helpers/server.js';

const text = (body: string) => ({
	messaging_product: 'whatsapp',
	to: '263778177125',
	type: 'text',
	text: {body},
});
const envelopeBody = () => {
	const built = buildEnvelope({type: 'text', message: 'héllo 😀 a/b'});
	assert.ok(built.ok);
	return metaJson(built.envelope);
};

const servers: TestServer[] = [];
after(async () => Promise.all(servers.map(async (server) => server.close())));

const bot = async (status: number, contentType: string, body: string) => {
	const server = await startServer((_request, response) => {
		response.writeHead(status, {'content-type': contentType}).end(body);
	});
	servers.push(server);
	return {name: 'test', url: `${server.url}/bot/webhook`, server};
};

test('POSTs the exact bytes with the three headers, and no signature without a secret', async () => {
	const target = await bot(200, 'application/json', '{}');
	const body = envelopeBody();
	const outcome = await forward(target, body);
	assert.equal(outcome.kind, 'ok');
	const [request] = target.server.received;
	assert.equal(request?.method, 'POST');
	assert.equal(request?.url, '/bot/webhook');
	assert.equal(request?.headers['content-type'], 'application/json');
	assert.equal(request?.headers.accept, 'application/json');
	assert.equal(request?.headers['x-mock-testing'], 'true');
	assert.equal(request?.headers['x-hub-signature-256'], undefined);
	assert.equal(request?.body.toString('utf8'), body);
});

test('signs exactly the bytes sent (X-Hub-Signature-256)', async () => {
	assert.equal(
		signBody('test', 'secret'),
		'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914',
	);
	const target = await bot(200, 'application/json', '{}');
	await forward(target, envelopeBody(), {appSecret: 'shh'});
	const [request] = target.server.received;
	const expected = createHmac('sha256', 'shh')
		.update(request?.body ?? Buffer.alloc(0))
		.digest('hex');
	assert.equal(request?.headers['x-hub-signature-256'], `sha256=${expected}`);
});

test('parses every reply shape of PROTOCOL.md §9.1', async () => {
	const shapes: Array<[unknown, string[]]> = [
		[text('one'), ['one']],
		[{response: text('wrapped')}, ['wrapped']],
		[
			[text('a'), text('b')],
			['a', 'b'],
		],
		[{messages: [text('x'), text('y')]}, ['x', 'y']],
		[{ok: true}, []],
	];
	for (const [body, expected] of shapes) {
		const target = await bot(200, 'application/json', JSON.stringify(body));
		const outcome = await forward(target, envelopeBody());
		assert.equal(outcome.kind, 'ok');
		const bodies =
			outcome.kind === 'ok' ? outcome.replies.map((reply) => (reply['text'] as {body: string}).body) : [];
		assert.deepEqual(bodies, expected, JSON.stringify(body));
		assert.ok(outcome.kind === 'ok' && outcome.latencyMs >= 0);
	}
});

test('a 500 with a body is a bot-error with the status and body', async () => {
	const target = await bot(500, 'application/json', '{"detail":"boom"}');
	const outcome = await forward(target, envelopeBody());
	assert.equal(outcome.kind, 'bot-error');
	assert.equal(outcome.status, 500);
	assert.ok(outcome.kind === 'bot-error');
	assert.deepEqual(outcome.body, {detail: 'boom'});
	assert.match(outcome.message, /answered 500: \{"detail":"boom"\}/);
});

test('HTML and plain-text bodies are kept as text', async () => {
	const html = '<html><body>Hello</body></html>';
	const target = await bot(200, 'text/html', html);
	const outcome = await forward(target, envelopeBody());
	assert.ok(outcome.kind === 'ok');
	assert.equal(outcome.body, html);
	assert.deepEqual(outcome.replies, []);
	const broken = await bot(200, 'application/json', '{not json');
	const bad = await forward(broken, envelopeBody());
	assert.ok(bad.kind === 'ok');
	assert.equal(bad.body, '{not json');
	assert.match(bad.jsonError ?? '', /JSON/);
});

test('a refused port is unreachable (502) with the URL and the cause', async () => {
	const url = `http://127.0.0.1:${await freePort()}/bot/webhook`;
	const outcome = await forward({name: 'local', url}, envelopeBody());
	assert.equal(outcome.kind, 'unreachable');
	assert.equal(outcome.status, 502);
	assert.ok(outcome.kind === 'unreachable');
	assert.equal(outcome.message, `could not reach local bot at ${url} (connection refused)`);
});

test('a bot that never answers times out (504) after the timeout', async () => {
	const server = await startServer(() => undefined);
	servers.push(server);
	const started = Date.now();
	const outcome = await forward({name: 'slow', url: server.url}, envelopeBody(), {timeoutMs: 200});
	assert.equal(outcome.kind, 'timeout');
	assert.equal(outcome.status, 504);
	assert.ok(Date.now() - started < 2000);
	assert.ok(outcome.kind === 'timeout');
	assert.match(outcome.message, /did not answer within 200 ms/);
});

test('a body that drips slowly times out too', async () => {
	const server = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.write('{"messages":[');
		const timer = setInterval(() => response.write(' '), 50);
		response.on('close', () => clearInterval(timer));
	});
	servers.push(server);
	const outcome = await forward({name: 'drip', url: server.url}, envelopeBody(), {timeoutMs: 300});
	assert.equal(outcome.kind, 'timeout');
});
