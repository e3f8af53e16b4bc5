import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {App} from '../source/app.js';
import {localBackend} from '../source/backend.js';
import {createConversation, type Entry} from '../source/core/conversation.js';
import {defaultIdentity} from '../source/core/envelope.js';
import {createSession} from '../source/session.js';
import {freePort} from './helpers/server.js';
import {keys, waitForFrame, waitForText} from './helpers/tui-frames.js';
import {type ChatRig, startChatRig} from './helpers/tui-session.js';

type Screen = ReturnType<typeof render> & {rig: ChatRig};

const server = {url: 'http://127.0.0.1:8001', note: 'web page and send API at'};

const withChat = async (run: (screen: Screen) => Promise<void>, targets: Record<string, string> = {}) => {
	const rig = await startChatRig(targets);
	const app = render(<App backend={rig.backend} server={server} rows={40} />);
	try {
		await waitForText(app.lastFrame, 'text ›');
		await run({...app, rig});
	} finally {
		app.unmount();
		await rig.close();
	}
};

/** Types a line, waits until the composer shows it, then presses Enter. */
const say = async ({stdin, lastFrame}: Screen, text: string) => {
	stdin.write(text);
	await waitForText(lastFrame, `› ${text}`);
	stdin.write(keys.enter);
};

const press = async (
	{stdin, lastFrame}: Screen,
	key: string,
	until: (frame: string) => boolean,
	what: string,
) => {
	stdin.write(key);
	return waitForFrame(lastFrame, until, {what});
};

const userEntries = (screen: Screen) =>
	screen.rig.session.conversation
		.list()
		.filter((entry): entry is Entry & {kind: 'user'} => entry.kind === 'user');

const newestBot = (screen: Screen) =>
	screen.rig.session.conversation.list().findLast((entry) => entry.kind === 'bot');

test('hi shows the bot menu with its header, formatted body, footer and buttons', async () => {
	await withChat(async (screen) => {
		await say(screen, 'hi');
		const frame = await waitForText(screen.lastFrame, '[ Help ]');
		assert.match(frame, /You Test User 263778177125 → demo/);
		assert.match(frame, /VimbisoPay demo/);
		assert.match(frame, /Welcome, Test User! What would you like to do\?/, 'markers become styles');
		assert.match(frame, /\[ Check balance \] {2}id balance/);
		assert.match(frame, /\[ Send money \]/);
		assert.match(frame, /Tab to answer/);
		assert.match(frame, /last request took \d+ ms/);
	});
});

test('Tab focuses the buttons; ↓ and Enter answer with a button_reply quoting the bot message', async () => {
	await withChat(async (screen) => {
		await say(screen, 'hi');
		await waitForText(screen.lastFrame, '[ Help ]');
		const menu = newestBot(screen);
		await press(
			screen,
			keys.tab,
			(frame) => frame.includes('❯ [ Check balance ]'),
			'the first button focused',
		);
		await press(
			screen,
			keys.down,
			(frame) => frame.includes('❯ [ Send money ]'),
			'the second button focused',
		);
		screen.stdin.write(keys.enter);
		const frame = await waitForText(screen.lastFrame, 'You chose Send money (id: send_money)');
		assert.match(frame, /↩ Send money {2}button_reply · id send_money/, 'the transcript shows the choice');
		const answer = userEntries(screen).at(-1);
		assert.equal(menu?.kind, 'bot');
		assert.equal(answer?.message.context?.id, menu?.kind === 'bot' ? menu.wamid : 'none');
		assert.deepEqual(answer?.message['interactive'], {
			type: 'button_reply',
			button_reply: {id: 'send_money', title: 'Send money'},
		});
		assert.match(frame, /text › type a message/, 'focus is back in the composer');
	});
});

test('a list row is chosen the same way and sends a list_reply with its description', async () => {
	await withChat(async (screen) => {
		await say(screen, 'list');
		await waitForText(screen.lastFrame, '○ Pay a bill');
		const frame = screen.lastFrame() ?? '';
		assert.match(frame, /☰ Choose/);
		assert.match(frame, /Account[\s\S]*○ Check balance[\s\S]*Payments[\s\S]*○ Buy airtime/);
		const list = newestBot(screen);
		await press(screen, keys.tab, (text) => text.includes('❯ ○ Check balance'), 'the first row focused');
		for (const title of ['Mini statement', 'Send money', 'Buy airtime']) {
			// eslint-disable-next-line no-await-in-loop
			await press(screen, keys.down, (text) => text.includes(`❯ ○ ${title}`), title);
		}

		screen.stdin.write(keys.enter);
		await waitForText(screen.lastFrame, 'You chose Buy airtime (id: buy_airtime)');
		const answer = userEntries(screen).at(-1);
		assert.equal(answer?.message.context?.id, list?.kind === 'bot' ? list.wamid : 'none');
		assert.deepEqual(answer?.message['interactive'], {
			type: 'list_reply',
			list_reply: {id: 'buy_airtime', title: 'Buy airtime', description: 'Top up any network'},
		});
	});
});

test('the type selector changes what Enter sends; the typed text is the reply id', async () => {
	await withChat(async (screen) => {
		await say(screen, 'hi');
		await waitForText(screen.lastFrame, '[ Help ]');
		await press(screen, keys.tab, (frame) => frame.includes('❯ [ Check balance ]'), 'the buttons');
		await press(screen, keys.tab, (frame) => frame.includes('type (↑↓, Enter)'), 'the type selector');
		await press(screen, keys.down, (frame) => frame.includes('button ›'), 'type button');
		await press(screen, keys.down, (frame) => frame.includes('interactive ›'), 'type interactive');
		await press(
			screen,
			keys.enter,
			(frame) => frame.includes('type: text button [interactive] list'),
			'back',
		);
		await say(screen, 'help');
		await waitForText(screen.lastFrame, 'You chose help (id: help)');
		const answer = userEntries(screen).at(-1);
		const menu = newestBot(screen);
		assert.equal(answer?.type, 'interactive');
		assert.equal(
			answer?.message.context?.id !== undefined,
			true,
			'a typed answer quotes the latest menu too',
		);
		assert.notEqual(menu, undefined);
	});
});

test('Shift+Tab reaches the target toggle, and Esc returns to the composer', async () => {
	await withChat(async (screen) => {
		await press(screen, keys.shiftTab, (frame) => frame.includes('target (↑↓, Enter)'), 'the target toggle');
		await press(screen, keys.up, (frame) => frame.includes('to staging'), 'staging picked');
		await press(screen, keys.escape, (frame) => frame.includes('target: local [staging] demo'), 'composer');
		await waitForText(screen.lastFrame, 'text › type a message');
	});
});

test('/phone, /name and /target change the sender and the bot; mistakes are explained', async () => {
	await withChat(async (screen) => {
		await say(screen, '/phone +263 77 123 4567');
		await waitForText(screen.lastFrame, 'as 263771234567 (Test User)');
		await say(screen, '/name Ada');
		await waitForText(screen.lastFrame, 'as 263771234567 (Ada)');
		await say(screen, '/phone 12ab');
		await waitForText(screen.lastFrame, '"12ab" is not a phone number');
		await say(screen, '/target nowhere');
		await waitForText(screen.lastFrame, 'unknown target "nowhere" (known targets: local, staging, demo)');
		await say(screen, 'hello');
		await waitForText(screen.lastFrame, 'You said: hello');
		const sent = userEntries(screen).at(-1);
		assert.equal(sent?.phone, '263771234567');
		assert.equal(sent?.name, 'Ada');
		await say(screen, '/target local');
		await waitForText(screen.lastFrame, 'to local http://localhost:8000/bot/webhook');
	});
});

test('/raw shows the JSON under each message, /help lists commands, /clear empties every window', async () => {
	await withChat(async (screen) => {
		await say(screen, 'yo');
		await waitForText(screen.lastFrame, 'You said: yo');
		await say(screen, '/raw');
		await waitForText(screen.lastFrame, '"messaging_product":"whatsapp"');
		// Long JSON wraps at the frame's width: join the wrapped lines back before matching.
		const raw = (screen.lastFrame() ?? '').replaceAll(/\n {2}/g, '');
		assert.match(raw, /"object":"whatsapp_business_account"/, 'the envelope under the user message');
		assert.match(raw, /"text":\{"body":"You said: _yo_"/, 'the send-API body under the reply');
		await say(screen, '/raw');
		await waitForFrame(screen.lastFrame, (frame) => !frame.includes('"messaging_product"'), {
			what: 'raw off',
		});
		await say(screen, '/help');
		const help = await waitForText(screen.lastFrame, '/target <name>');
		assert.match(help, /\/clear/);
		await press(screen, keys.escape, (frame) => !frame.includes('/target <name>'), 'help dismissed');
		await say(screen, '/clear');
		await waitForText(screen.lastFrame, 'No messages yet');
		assert.equal(screen.rig.session.conversation.list().length, 0);
	});
});

test('a bot that cannot be reached shows as an error in words', async () => {
	const port = await freePort();
	await withChat(
		async (screen) => {
			await say(screen, '/target down');
			await waitForText(screen.lastFrame, 'to down');
			await say(screen, 'hi');
			const frame = await waitForText(screen.lastFrame, 'connection refused');
			assert.match(frame, /✗ unreachable \(502\) could not reach down bot at http:\/\/127\.0\.0\.1:\d+/);
		},
		{down: `http://127.0.0.1:${port}/bot/webhook`},
	);
});

test('messages from other windows appear live: send-API replies, rejections and other types', async () => {
	await withChat(async (screen) => {
		const {session} = screen.rig;
		const to = defaultIdentity.phone;
		session.receiveBotMessage(
			{messaging_product: 'whatsapp', to, type: 'text', text: {body: 'async *hello*'}},
			'send-api',
		);
		session.receiveBotMessage(
			{
				messaging_product: 'whatsapp',
				to,
				type: 'location',
				location: {latitude: 1.5, longitude: 2, name: 'Harare'},
			},
			'send-api',
		);
		session.receiveBotMessage(
			{
				messaging_product: 'whatsapp',
				to,
				type: 'interactive',
				interactive: {
					type: 'button',
					body: {text: 'x'},
					action: {buttons: [{type: 'reply', reply: {id: 'a', title: 'a title far longer than twenty'}}]},
				},
			},
			'send-api',
		);
		const frame = await waitForText(screen.lastFrame, 'bot message rejected');
		assert.match(frame, /Bot · via send API\n {2}async hello/);
		assert.match(frame, /\[location\]\n {2}Harare\n {2}1\.5, 2/);
		assert.match(
			frame,
			/✗ bot message rejected \(via send API\)\n {2}\(#131009\) Parameter value is not valid: .*length invalid/,
		);
	});
});

test('Ctrl+D quits only from an empty composer; otherwise it types nothing', async () => {
	await withChat(async (screen) => {
		screen.stdin.write('abc');
		await waitForText(screen.lastFrame, 'text › abc');
		screen.stdin.write(keys.ctrlD);
		screen.stdin.write('x');
		await waitForText(screen.lastFrame, 'text › abcx');
		screen.stdin.write('y');
		await waitForText(screen.lastFrame, 'text › abcxy');
		assert.ok(screen.stdin.listenerCount('readable') > 0, 'still running');
		for (const left of ['abcx', 'abc', 'ab', 'a', '']) {
			// eslint-disable-next-line no-await-in-loop
			await press(
				screen,
				keys.backspace,
				(frame) => /text › (\S*)/.exec(frame)?.[1] === (left || 'type'),
				left,
			);
		}

		screen.stdin.write(keys.ctrlD);
		await waitForFrame(
			() => String(screen.stdin.listenerCount('readable')),
			(count) => count === '0',
			{
				what: 'the app to exit and release stdin',
			},
		);
	});
});

test('10,000 entries: the newest rows render and a typed key shows in the next frame', async () => {
	const conversation = createConversation({limit: 20_000});
	for (let index = 0; index < 5000; index++) {
		conversation.add({
			kind: 'bot',
			via: 'send-api',
			wamid: `wamid.${index}`,
			to: defaultIdentity.phone,
			message: {type: 'text', text: {body: `reply *${index}*`}},
		});
		conversation.add({kind: 'status', text: `status ${index}`});
	}

	assert.equal(conversation.list().length, 10_000);
	const settings = {
		targets: {demo: 'http://127.0.0.1:9/bot/webhook'},
		defaultTarget: 'demo',
		identity: defaultIdentity,
	};
	const backend = localBackend(createSession({settings, conversation, timeoutMs: 1000}));
	const app = render(<App backend={backend} server={server} rows={40} />);
	try {
		const frame = await waitForText(app.lastFrame, 'status 4999');
		assert.match(frame, /reply 4999/);
		assert.doesNotMatch(frame, /reply 4000\b/, 'old rows are not drawn');
		const before = app.frames.length;
		const started = performance.now();
		app.stdin.write('x');
		await waitForText(app.lastFrame, 'text › x');
		const took = performance.now() - started;
		assert.ok(app.frames.length > before);
		assert.ok(took < 1000, `a key took ${Math.round(took)} ms to show`);
	} finally {
		app.unmount();
	}
});

test('one conversation, two windows: a chat joined through the server sees the other and is seen', async () => {
	const {startServer} = await import('../source/server/index.js');
	const {remoteBackend} = await import('../source/client.js');
	const rig = await startChatRig();
	const wamock = await startServer({port: 0, session: rig.session});
	const remote = await remoteBackend(wamock.url);
	const here = render(<App backend={rig.backend} server={server} rows={40} />);
	const there = render(<App backend={remote} server={{url: wamock.url, note: 'joined'}} rows={40} />);
	const screen = {...there, rig};
	try {
		await waitForText(there.lastFrame, 'text ›');
		await say(screen, 'hi');
		await waitForText(there.lastFrame, '[ Help ]');
		await waitForText(here.lastFrame, '[ Help ]');
		await press(screen, keys.tab, (frame) => frame.includes('❯ [ Check balance ]'), 'the buttons, joined');
		screen.stdin.write(keys.enter);
		await waitForText(here.lastFrame, 'You chose Check balance (id: balance)');
		const answer = userEntries(screen).at(-1);
		const menu = rig.session.conversation.list().find((entry) => entry.kind === 'bot');
		assert.equal(answer?.message.context?.id, menu?.kind === 'bot' ? menu.wamid : 'none');
		await say({...here, rig}, 'from the first window');
		await waitForText(there.lastFrame, 'You said: from the first window');
	} finally {
		here.unmount();
		there.unmount();
		await remote.close();
		await wamock.close();
		await rig.close();
	}
});
