import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	type ConversationEvent,
	createConversation,
	type EntryData,
	entryJson,
} from '../source/core/conversation.js';

const status = (text: string) => ({kind: 'status', text}) as const;

test('entries get increasing seqs; list(since) returns what came after', () => {
	const conversation = createConversation();
	for (let index = 1; index <= 10; index++) {
		assert.equal(conversation.add(status(`s${index}`)).seq, index);
	}

	assert.deepEqual(
		conversation.list(7).map((entry) => entry.seq),
		[8, 9, 10],
	);
	assert.equal(conversation.list().length, 10);
	assert.equal(conversation.list(10).length, 0);
	assert.equal(conversation.lastSeq(), 10);
});

test('the number of entries is bounded; the newest are kept', () => {
	const conversation = createConversation({limit: 100});
	for (let index = 0; index < 1000; index++) {
		conversation.add(status(String(index)));
	}

	const entries = conversation.list();
	assert.ok(entries.length >= 100 && entries.length <= 110, String(entries.length));
	assert.equal(entries.at(-1)?.seq, 1000);
	assert.equal(conversation.list(995).length, 5);
});

test('the bytes held are bounded too: a few huge entries push old ones out', () => {
	const conversation = createConversation({limit: 5000, maxBytes: 1_000_000});
	const big = 'x'.repeat(300_000);
	for (let index = 0; index < 20; index++) {
		conversation.add(status(big));
	}

	const held = conversation.list().reduce((sum, entry) => sum + entryJson(entry).length, 0);
	assert.ok(held <= 1_000_000, String(held));
	assert.ok(conversation.list().length >= 2);
	assert.equal(conversation.list().at(-1)?.seq, 20);
});

test('subscribers get entries and clears; a throwing listener does not stop the others', () => {
	const conversation = createConversation();
	const events: ConversationEvent[] = [];
	conversation.subscribe(() => {
		throw new Error('broken stream');
	});
	const unsubscribe = conversation.subscribe((event) => events.push(event));
	conversation.add(status('a'));
	conversation.clear();
	unsubscribe();
	conversation.add(status('b'));
	assert.deepEqual(
		events.map((event) => event.type),
		['entry', 'clear'],
	);
	assert.equal(conversation.list().length, 1);
});

test('lastUserMessage follows each phone, with a bounded memory of senders', () => {
	const conversation = createConversation();
	const user = (phone: string): EntryData =>
		({
			kind: 'user',
			target: 'local',
			url: 'http://127.0.0.1:1/x',
			phone,
			name: 'n',
			type: 'text',
			summary: 'hi',
			message: {from: phone, id: 'wamid.x', timestamp: '0', type: 'text'},
			envelope: {object: 'whatsapp_business_account', entry: []},
		}) satisfies EntryData;
	const first = conversation.add(user('263700000001'));
	for (let index = 0; index < 1500; index++) {
		conversation.add(user(String(263_710_000_000 + index)));
	}

	assert.equal(conversation.lastUserMessage('263700000001'), undefined, 'the oldest sender was forgotten');
	assert.equal(conversation.lastUserMessage('263710001499')?.kind, 'user');
	assert.notEqual(first.seq, 0);
});
