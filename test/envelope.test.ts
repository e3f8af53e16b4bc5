import assert from 'node:assert/strict';
import {test} from 'node:test';
import {buildEnvelope, defaultIdentity, type Envelope, type InboundMessage} from '../source/core/envelope.js';
import {metaJson} from '../source/core/json.js';

const build = (...args: Parameters<typeof buildEnvelope>): {envelope: Envelope; message: InboundMessage} => {
	const result = buildEnvelope(...args);
	assert.ok(result.ok, result.ok ? '' : result.error);
	return result;
};

test('text envelope has the PROTOCOL.md §1 shape', () => {
	const now = Date.UTC(2026, 10, 28, 12);
	const {envelope} = build({type: 'text', message: 'hi'}, {}, now);
	const value = envelope.entry[0]?.changes[0]?.value;
	assert.equal(envelope.object, 'whatsapp_business_account');
	assert.equal(envelope.entry[0]?.id, defaultIdentity.wabaId);
	assert.equal(envelope.entry[0]?.changes[0]?.field, 'messages');
	assert.deepEqual(value?.metadata, {
		display_phone_number: '15550783881',
		phone_number_id: '106540352242922',
	});
	assert.deepEqual(value?.contacts, [{profile: {name: 'Test User'}, wa_id: '263778177125'}]);
	const message = value?.messages[0];
	assert.equal(message?.from, '263778177125');
	assert.equal(message?.type, 'text');
	assert.deepEqual(message?.['text'], {body: 'hi'});
	assert.equal(message?.timestamp, String(now / 1000));
	assert.equal(typeof message?.timestamp, 'string');
	assert.match(message?.id ?? '', /^wamid\.[A-Za-z\d+/=]{20,}$/);
	assert.equal(message?.context, undefined);
});

test('timestamps are current by default', () => {
	const {message} = build({type: 'text', message: 'hi'});
	assert.ok(Math.abs(Number(message.timestamp) - Date.now() / 1000) < 5);
});

test('every envelope gets a fresh wamid', () => {
	const ids = new Set(Array.from({length: 2000}, () => build({type: 'text', message: 'x'}).message.id));
	assert.equal(ids.size, 2000);
});

test('button (template quick reply) carries payload, text and always a context', () => {
	const {message} = build({type: 'button', message: 'button_1'});
	assert.equal(message.type, 'button');
	assert.deepEqual(message['button'], {payload: 'button_1', text: 'button_1'});
	assert.equal(message.context?.from, '15550783881');
	assert.match(message.context?.id ?? '', /^wamid\./);
});

test('interactive button_reply with title and context', () => {
	const {message} = build(
		{type: 'interactive', message: 'menu_option_1', title: 'Option 1', contextId: 'wamid.BOT'},
		{displayPhoneNumber: '15551234567'},
	);
	assert.equal(message.type, 'interactive');
	assert.deepEqual(message['interactive'], {
		type: 'button_reply',
		button_reply: {id: 'menu_option_1', title: 'Option 1'},
	});
	assert.deepEqual(message.context, {from: '15551234567', id: 'wamid.BOT'});
});

test('list_reply with description; a long id gets a title cut to the limit', () => {
	const {message} = build({type: 'list', message: 'row_1', title: 'Row one', description: 'The first'});
	assert.deepEqual(message['interactive'], {
		type: 'list_reply',
		list_reply: {id: 'row_1', title: 'Row one', description: 'The first'},
	});
	const long = build({type: 'list', message: 'a'.repeat(100)}).message['interactive'] as {
		list_reply: {title: string};
	};
	assert.equal(long.list_reply.title.length, 24);
});

test('sender phone and name come from the identity; + and spaces are dropped', () => {
	const {envelope, message} = build(
		{type: 'text', message: 'hi'},
		{phone: '+263 77 123 4567', name: 'Tendai'},
	);
	assert.equal(message.from, '263771234567');
	assert.deepEqual(envelope.entry[0]?.changes[0]?.value.contacts, [
		{profile: {name: 'Tendai'}, wa_id: '263771234567'},
	]);
});

test('bad input is refused with a clear message', () => {
	const refused = (input: Parameters<typeof buildEnvelope>[0], identity = {}) => {
		const result = buildEnvelope(input, identity);
		assert.equal(result.ok, false);
		return result.ok ? '' : result.error;
	};

	assert.match(refused({type: 'text', message: '  '}), /empty/);
	assert.match(refused({type: 'text', message: 'x'.repeat(4097)}), /4097 characters.*at most 4096/);
	assert.equal(buildEnvelope({type: 'text', message: '😀'.repeat(4096)}).ok, true);
	assert.match(refused({type: 'interactive', message: 'x'.repeat(257)}), /button reply id.*256/);
	assert.match(refused({type: 'interactive', message: 'ok', title: 'x'.repeat(21)}), /button title.*20/);
	assert.match(refused({type: 'list', message: 'x'.repeat(201)}), /list row id.*200/);
	assert.match(refused({type: 'list', message: 'r', title: 'x'.repeat(25)}), /list row title.*24/);
	assert.match(refused({type: 'list', message: 'r', description: 'x'.repeat(73)}), /description.*72/);
	assert.match(refused({type: 'video' as 'text', message: 'hi'}), /unknown message type "video"/);
	assert.match(refused({type: 'text', message: 'hi'}, {phone: 'abc'}), /phone number "abc" is not valid/);
});

test('metaJson escapes non-ASCII as \\uXXXX (surrogate pairs) and / as \\/', () => {
	const text = metaJson({a: 'héllo 😀 a/b'});
	assert.equal(text, String.raw`{"a":"h\u00e9llo \ud83d\ude00 a\/b"}`);
	assert.deepEqual(JSON.parse(text), {a: 'héllo 😀 a/b'});
});
