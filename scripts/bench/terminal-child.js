// `node terminal-child.js <messages> <keys>`: renders the chat app (the build) over a conversation of that many
// messages, types keys into the composer, and prints one JSON line: each key's latency and the memory used.
// A process of its own, so the memory figure holds this conversation and nothing else.
import process from 'node:process';
import {setImmediate as yieldToLoop} from 'node:timers/promises';
import {render} from 'ink-testing-library';
import {createElement} from 'react';
import {App} from '../../dist/app.js';
import {localBackend} from '../../dist/backend.js';
import {createConversation} from '../../dist/core/conversation.js';
import {describeInbound} from '../../dist/core/describe.js';
import {buildEnvelope, defaultIdentity} from '../../dist/core/envelope.js';
import {checkSendApiBody} from '../../dist/core/send-api.js';
import {createSession} from '../../dist/session.js';

const [messages, keyCount] = process.argv.slice(2).map(Number);
// The first keys of a fresh process run cold code; they say nothing about the transcript's length.
const warmUpKeys = 5;
const target = {name: 'local', url: 'http://127.0.0.1:9/bot/webhook'};

const menu = (index) => ({
	messaging_product: 'whatsapp',
	to: defaultIdentity.phone,
	type: 'interactive',
	interactive: {
		type: 'button',
		body: {text: `Menu ${index}: what would you like to do?`},
		action: {
			buttons: [
				{type: 'reply', reply: {id: 'balance', title: 'Check balance'}},
				{type: 'reply', reply: {id: 'help', title: 'Help'}},
			],
		},
	},
});

const text = (index) => ({
	messaging_product: 'whatsapp',
	to: defaultIdentity.phone,
	type: 'text',
	text: {body: `Reply *${index}*: your balance is _USD ${index}.00_`},
});

/** Entries as a session records them: the user's message, the bot's reply, the delivery note. */
const fill = (conversation, count) => {
	const started = Date.now() - count * 1000;
	for (let index = 0; index < count / 2; index++) {
		const at = started + index * 2000;
		const built = buildEnvelope({type: 'text', message: `message number ${index}`}, {}, at);
		const user = conversation.add(
			{
				kind: 'user',
				target: target.name,
				url: target.url,
				phone: built.message.from,
				name: defaultIdentity.name,
				...describeInbound(built.message),
				message: built.message,
				envelope: built.envelope,
			},
			at,
		);
		const check = checkSendApiBody(index % 2 === 0 ? text(index) : menu(index));
		if (check.kind !== 'message') {
			throw new Error(`the bench's bot message is not valid: ${JSON.stringify(check)}`);
		}

		conversation.add(
			{
				kind: 'bot',
				via: 'response',
				wamid: `wamid.bench${index}`,
				to: built.message.from,
				message: {...check.body, type: check.type},
				latencyMs: 3,
				replyTo: user.seq,
			},
			at + 3,
		);
		conversation.add(
			{kind: 'delivered', replyTo: user.seq, target: target.name, status: 200, latencyMs: 3, replies: 1},
			at + 3,
		);
	}
};

const waitFor = async (lastFrame, wanted) => {
	const deadline = performance.now() + 5000;
	// setImmediate, not a timer: the loop returns in the first turn after the frame that shows it.
	while (!(lastFrame() ?? '').includes(wanted)) {
		if (performance.now() > deadline) {
			throw new Error(`no frame showed ${JSON.stringify(wanted)} within 5 s; last frame:\n${lastFrame()}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await yieldToLoop();
	}
};

// The conversation holds every message asked for (its default bound would keep only the newest 5,000 entries).
const conversation = createConversation({limit: messages * 2, maxBytes: 1024 ** 3});
fill(conversation, messages);
const settings = {
	targets: {[target.name]: target.url},
	defaultTarget: target.name,
	identity: defaultIdentity,
};
const session = createSession({settings, conversation, timeoutMs: 5000});
const app = render(
	createElement(App, {
		backend: localBackend(session),
		server: {url: 'http://127.0.0.1:8001', note: 'web page and send API at'},
		rows: 40,
	}),
);
await waitFor(app.lastFrame, 'text ›');
const newest = `message number ${Math.floor(messages / 2) - 1}`;
await waitFor(app.lastFrame, newest);

const letters = 'abcdefghijklmnopqrstuvwxyz';
const latencies = [];
let draft = '';
for (let index = 0; index < warmUpKeys + keyCount; index++) {
	// Let the previous frame's effects run first, as a terminal delivers each key in a turn of its own.
	// eslint-disable-next-line no-await-in-loop
	await yieldToLoop();
	// eslint-disable-next-line no-await-in-loop
	await yieldToLoop();
	const key = letters[index % letters.length];
	draft += key;
	const started = performance.now();
	app.stdin.write(key);
	// eslint-disable-next-line no-await-in-loop
	await waitFor(app.lastFrame, `› ${draft}`);
	if (index >= warmUpKeys) {
		latencies.push(performance.now() - started);
	}
}

const memory = process.memoryUsage();
app.unmount();
process.stdout.write(
	`${JSON.stringify({
		messages,
		entries: conversation.list().length,
		latencies,
		rssMb: memory.rss / 1024 ** 2,
		heapUsedMb: memory.heapUsed / 1024 ** 2,
	})}\n`,
);
