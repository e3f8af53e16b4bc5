import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import {startBot} from '../source/bot/index.js';
import type {Entry} from '../source/core/conversation.js';
import {freePort, startServer, type TestServer} from './helpers/server.js';
import {postJson, startWamock, type TestWamock, waitUntil} from './helpers/wamock.js';

const open: Array<{close: () => Promise<void>}> = [];
after(async () => Promise.all(open.map(async (server) => server.close())));

let shared: {wamock: TestWamock; bot: TestServer} | undefined;
const setup = async () => {
	if (!shared) {
		const bot = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'}).end('{}');
		});
		const wamock = await startWamock(`${bot.url}/bot/webhook`);
		open.push(wamock, bot);
		shared = {wamock, bot};
	}

	return shared;
};

const to = '263778177125';
const send = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to,
	type,
	[type]: payload,
	...extra,
});
const button = (id: string, title: string) => ({type: 'reply', reply: {id, title}});
const rows = (count: number) =>
	Array.from({length: count}, (_, index) => ({id: `r${index}`, title: `Row ${index}`}));
const list = (rowCount: number) =>
	send('interactive', {
		type: 'list',
		body: {text: 'Choose'},
		action: {button: 'Menu', sections: [{title: 'All', rows: rows(rowCount)}]},
	});

type SuccessBody = {
	messaging_product: string;
	contacts: Array<{input: string; wa_id: string}>;
	messages: Array<{id: string}>;
};
type WhatsAppError = {
	error: {
		message: string;
		type: string;
		code: number;
		error_data: {messaging_product: string; details: string};
		fbtrace_id: string;
	};
};

const lastEntry = async (wamock: TestWamock): Promise<Entry | undefined> => {
	const response = await fetch(`${wamock.url}/api/messages`);
	const {entries} = (await response.json()) as {entries: Entry[]};
	return entries.at(-1);
};

describe('the send API', () => {
	const accepted: Array<[string, unknown]> = [
		['text', send('text', {body: 'hello', preview_url: false})],
		[
			'interactive button',
			send('interactive', {
				type: 'button',
				body: {text: 'Pick'},
				action: {buttons: [button('y', 'Yes'), button('n', 'No')]},
			}),
		],
		['interactive list', list(10)],
		[
			'interactive cta_url',
			send('interactive', {
				type: 'cta_url',
				body: {text: 'Open'},
				action: {name: 'cta_url', parameters: {display_text: 'Visit', url: 'https://example.com'}},
			}),
		],
		['template', send('template', {name: 'hello_world', language: {code: 'en_US'}, components: []})],
		['image', send('image', {link: 'https://example.com/a.jpg', caption: 'look'})],
		['location', send('location', {latitude: -17.83, longitude: 31.05, name: 'Harare'})],
		['contacts', send('contacts', [{name: {formatted_name: 'Ann Lee'}, phones: [{phone: '+1 555'}]}])],
		['reaction', send('reaction', {message_id: 'wamid.abc', emoji: '👍'})],
	];

	test('each message type is recorded and answered with the success body and a fresh wamid', async () => {
		const {wamock} = await setup();
		const seen = new Set<string>();
		for (const [label, body] of accepted) {
			// eslint-disable-next-line no-await-in-loop
			const response = await postJson(`${wamock.url}/v23.0/106540352242922/messages`, body, {
				authorization: 'Bearer token',
			});
			assert.equal(response.status, 200, label);
			// eslint-disable-next-line no-await-in-loop
			const answer = (await response.json()) as SuccessBody;
			assert.equal(answer.messaging_product, 'whatsapp');
			assert.deepEqual(answer.contacts, [{input: to, wa_id: to}]);
			const wamid = answer.messages[0]?.id ?? '';
			assert.match(wamid, /^wamid\.[\w+/=]+$/);
			assert.ok(!seen.has(wamid), `${label}: wamid reused`);
			seen.add(wamid);
			// eslint-disable-next-line no-await-in-loop
			const entry = await lastEntry(wamock);
			assert.equal(entry?.kind, 'bot', label);
			assert.equal(entry?.kind === 'bot' && entry.via, 'send-api');
			assert.equal(entry?.kind === 'bot' && entry.wamid, wamid);
			assert.equal(entry?.kind === 'bot' && entry.message.type, (body as {type: string}).type);
		}
	});

	test('any v<digits>(.<digits>) version is accepted; other paths are not the send API', async () => {
		const {wamock} = await setup();
		const body = send('text', {body: 'v'});
		for (const version of ['v19', 'v21.0', 'v100.12']) {
			// eslint-disable-next-line no-await-in-loop
			assert.equal((await postJson(`${wamock.url}/${version}/123/messages`, body)).status, 200, version);
		}

		for (const path of ['/23.0/123/messages', '/v23.x/123/messages', '/v23.0/123/media', '/v23.0/messages']) {
			// eslint-disable-next-line no-await-in-loop
			assert.equal((await postJson(`${wamock.url}${path}`, body)).status, 404, path);
		}
	});

	const rejections: Array<[string, unknown, number, RegExp]> = [
		[
			'button title of 21 characters',
			send('interactive', {
				type: 'button',
				body: {text: 'Pick'},
				action: {buttons: [button('a', 'x'.repeat(21))]},
			}),
			131_009,
			/Button title length invalid/,
		],
		['11 list rows', list(11), 131_009, /rows/i],
		[
			'messaging_product other than whatsapp',
			{...send('text', {body: 'x'}), messaging_product: 'sms'},
			100,
			/messaging_product/,
		],
		['unknown type', send('poll', {question: 'x'}), 131_051, /poll/],
		['missing to', {...send('text', {body: 'x'}), to: undefined}, 131_008, /to is required/],
	];

	for (const [label, body, code, details] of rejections) {
		test(`rejects like WhatsApp: ${label} (${code})`, async () => {
			const {wamock} = await setup();
			const response = await postJson(`${wamock.url}/v23.0/106540352242922/messages`, body);
			assert.equal(response.status, 400);
			const {error} = (await response.json()) as WhatsAppError;
			assert.equal(error.code, code);
			assert.equal(error.type, 'OAuthException');
			assert.equal(error.message.startsWith(`(#${code}) `), true);
			assert.equal(error.error_data.messaging_product, 'whatsapp');
			assert.match(error.error_data.details, details);
			assert.ok(error.fbtrace_id.length > 0);
			const entry = await lastEntry(wamock);
			assert.equal(entry?.kind, 'rejected');
			assert.equal(entry?.kind === 'rejected' && entry.error.code, code);
			assert.equal(entry?.kind === 'rejected' && entry.via, 'send-api');
		});
	}

	test('invalid JSON gets a WhatsApp error (100) and shows in the conversation', async () => {
		const {wamock} = await setup();
		const response = await postJson(`${wamock.url}/v23.0/106540352242922/messages`, '{"messaging_product":');
		assert.equal(response.status, 400);
		const {error} = (await response.json()) as WhatsAppError;
		assert.equal(error.code, 100);
		assert.match(error.error_data.details, /not valid JSON/);
		const entry = await lastEntry(wamock);
		assert.equal(entry?.kind === 'rejected' && entry.error.code, 100);
	});

	test('mark as read and typing indicator answer {success:true} and show as a status', async () => {
		const {wamock} = await setup();
		const read = {messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.seen'};
		const first = await postJson(`${wamock.url}/v23.0/106540352242922/messages`, read);
		assert.equal(first.status, 200);
		assert.deepEqual(await first.json(), {success: true});
		const status = await lastEntry(wamock);
		assert.equal(status?.kind === 'status' && status.text, 'bot read the message');
		assert.equal(status?.kind === 'status' && status.messageId, 'wamid.seen');
		const typing = await postJson(`${wamock.url}/v23.0/106540352242922/messages`, {
			...read,
			typing_indicator: {type: 'text'},
		});
		assert.deepEqual(await typing.json(), {success: true});
		const entry = await lastEntry(wamock);
		assert.equal(entry?.kind === 'status' && entry.text, 'bot is typing…');
	});

	test('a send-API body POSTed to /bot/webhook or /webhook is a callback reply, not forwarded', async () => {
		const {wamock, bot} = await setup();
		const before = bot.received.length;
		for (const path of ['/bot/webhook', '/webhook']) {
			// eslint-disable-next-line no-await-in-loop
			const response = await postJson(`${wamock.url}${path}`, send('text', {body: `via ${path}`}));
			assert.equal(response.status, 200);
			// eslint-disable-next-line no-await-in-loop
			const answer = (await response.json()) as SuccessBody;
			assert.match(answer.messages[0]?.id ?? '', /^wamid\./);
			// eslint-disable-next-line no-await-in-loop
			const entry = await lastEntry(wamock);
			assert.equal(entry?.kind === 'bot' && entry.via, 'callback');
			assert.equal(entry?.kind === 'bot' && entry.wamid, answer.messages[0]?.id);
		}

		const rejected = await postJson(`${wamock.url}/bot/webhook`, send('poll', {question: 'x'}));
		assert.equal(rejected.status, 400);
		assert.equal(((await rejected.json()) as WhatsAppError).error.code, 131_051);
		assert.equal(bot.received.length, before);
	});

	test('a send-API reply is linked to the user message it answers', async () => {
		const {wamock} = await setup();
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'hi', phone: '263770000001'});
		const user = wamock.conversation.lastUserMessage('263770000001');
		assert.ok(user);
		await postJson(`${wamock.url}/v23.0/1/messages`, {...send('text', {body: 'yo'}), to: '+263770000001'});
		const entry = await lastEntry(wamock);
		assert.equal(entry?.kind === 'bot' && entry.replyTo, user.seq);
	});
});

describe('with the sample bot', () => {
	test('replies in the webhook response (X-Mock-Testing) and through the send API', async () => {
		const port = await freePort();
		const wamock = await startWamock(`http://127.0.0.1:${port}/bot/webhook`);
		open.push(wamock);
		const bot = await startBot({port, graphUrl: wamock.url});
		open.push(bot);
		const response = await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'hi', phone: to});
		assert.equal(response.status, 200);
		await waitUntil(
			() => wamock.conversation.list().some((entry) => entry.kind === 'bot' && entry.via === 'send-api'),
			'a reply through the send API',
		);
		const reply = wamock.conversation.list().find((entry) => entry.kind === 'bot');
		assert.equal(reply?.kind === 'bot' && reply.to, to);
		assert.equal(
			wamock.conversation.list().some((entry) => entry.kind === 'rejected'),
			false,
		);
	});
});
