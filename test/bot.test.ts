import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	type Bot,
	type ButtonMessage,
	type ListMessage,
	listSections,
	menuButtons,
	parseEnvelope,
	replyTo,
	type SendBody,
	startBot,
} from '../source/bot/index.js';
import {envelope, from, phoneNumberId} from './helpers/inbound.js';

const text = (body: string) => envelope({type: 'text', text: {body}});

const withBot = async (run: (bot: Bot, lines: string[]) => Promise<void>, options = {}) => {
	const lines: string[] = [];
	const bot = await startBot({port: 0, log: (line) => lines.push(line), ...options});
	try {
		await run(bot, lines);
	} finally {
		await bot.close();
	}
};

type Reply = SendBody;

const post = async (
	url: string,
	body: unknown,
	headers: Record<string, string> = {'x-mock-testing': 'true'},
) => {
	const response = await fetch(url, {
		method: 'POST',
		headers: {'content-type': 'application/json', ...headers},
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const json: unknown = await response.json();
	return {status: response.status, type: response.headers.get('content-type'), json};
};

// The replies of a sync-mode webhook call, which must be a 200 with {messages: [...]}.
const replies = async (bot: Bot, body: unknown): Promise<Reply[]> => {
	const {status, json} = await post(bot.url, body);
	assert.equal(status, 200);
	const {messages} = json as {messages?: unknown};
	assert.ok(Array.isArray(messages), JSON.stringify(json));
	return messages as Reply[];
};

const only = async (bot: Bot, body: unknown): Promise<Reply> => {
	const messages = await replies(bot, body);
	const [first, ...rest] = messages;
	assert.ok(first);
	assert.equal(rest.length, 0);
	return first;
};

const assertAddressed = (reply: Reply, type: string) => {
	assert.equal(reply.messaging_product, 'whatsapp');
	assert.equal(reply.recipient_type, 'individual');
	assert.equal(reply.to, from);
	assert.equal(reply.type, type);
};

const textOf = (reply: Reply): string => {
	assertAddressed(reply, 'text');
	return reply.type === 'text' ? reply.text.body : '';
};

const buttonsOf = (reply: Reply): ButtonMessage => {
	assertAddressed(reply, 'interactive');
	if (reply.type !== 'interactive' || reply.interactive.type !== 'button') {
		assert.fail(`expected a button message, got ${JSON.stringify(reply)}`);
	}

	return reply.interactive;
};

const listOf = (reply: Reply): ListMessage => {
	assertAddressed(reply, 'interactive');
	if (reply.type !== 'interactive' || reply.interactive.type !== 'list') {
		assert.fail(`expected a list message, got ${JSON.stringify(reply)}`);
	}

	return reply.interactive;
};

test('hi and menu answer with three reply buttons', async () => {
	await withBot(async (bot, lines) => {
		for (const word of ['hi', '  MENU ', 'Hi']) {
			const interactive = buttonsOf(await only(bot, text(word)));
			assert.deepEqual(interactive.header, {type: 'text', text: 'VimbisoPay demo'});
			assert.equal(interactive.body.text, '*Welcome*, _Test User_! What would you like to do?');
			assert.deepEqual(interactive.footer, {text: 'wamock sample bot'});
			assert.deepEqual(
				interactive.action.buttons.map((button) => button.reply.id),
				['balance', 'send_money', 'help'],
			);
			assert.deepEqual(interactive.action.buttons, menuButtons);
			for (const button of interactive.action.buttons) {
				assert.equal(button.type, 'reply');
				assert.ok(button.reply.title.length > 0 && button.reply.title.length <= 20);
			}
		}

		assert.ok(lines.some((line) => line.includes('263778177125 (Test User): text "hi"')));
		assert.ok(lines.some((line) => line.includes('interactive button (3 buttons)')));
	});
});

test('the greeting uses the profile name and copes without one', async () => {
	await withBot(async (bot) => {
		const named = buttonsOf(await only(bot, envelope({type: 'text', text: {body: 'hi'}}, {name: 'Tariro'})));
		assert.equal(named.body.text, '*Welcome*, _Tariro_! What would you like to do?');

		const anonymous = envelope({type: 'text', text: {body: 'hi'}}, {contacts: []});
		assert.equal(buttonsOf(await only(bot, anonymous)).body.text, '*Welcome*! What would you like to do?');
	});
});

test('list answers with a list of two sections within WhatsApp limits', async () => {
	await withBot(async (bot) => {
		const interactive = listOf(await only(bot, text('list')));
		assert.deepEqual(interactive.header, {type: 'text', text: 'VimbisoPay demo'});
		assert.deepEqual(interactive.footer, {text: 'wamock sample bot'});
		assert.ok(interactive.body.text.length > 0);
		assert.equal(interactive.action.button, 'Choose');
		assert.equal(interactive.action.sections.length, 2);
		const rows = interactive.action.sections.flatMap((section) => section.rows);
		assert.ok(rows.length >= 2 && rows.length <= 10);
		for (const section of interactive.action.sections) {
			assert.ok(section.title.length > 0 && section.title.length <= 24);
			assert.ok(section.rows.length > 0);
		}

		for (const row of rows) {
			assert.ok(row.id.length <= 200 && row.title.length <= 24);
			assert.ok((row.description ?? '').length <= 72);
		}

		assert.deepEqual(interactive.action.sections, listSections);
	});
});

test('button, list and template answers name the choice', async () => {
	await withBot(async (bot) => {
		const button = await only(
			bot,
			envelope({
				id: 'wamid.answer',
				type: 'interactive',
				context: {from: '15550783881', id: 'wamid.menu'},
				interactive: {type: 'button_reply', button_reply: {id: 'balance', title: 'Check balance'}},
			}),
		);
		assert.equal(textOf(button), 'You chose *Check balance* (id: balance)');
		assert.deepEqual(button.context, {message_id: 'wamid.answer'});

		const row = await only(
			bot,
			envelope({
				type: 'interactive',
				interactive: {
					type: 'list_reply',
					list_reply: {id: 'buy_airtime', title: 'Buy airtime', description: 'Top up any network'},
				},
			}),
		);
		assert.equal(textOf(row), 'You chose *Buy airtime* (id: buy_airtime)\n_Top up any network_');

		const bare = await only(
			bot,
			envelope({
				type: 'interactive',
				interactive: {type: 'list_reply', list_reply: {id: 'r1', title: 'Row'}},
			}),
		);
		assert.equal(textOf(bare), 'You chose *Row* (id: r1)');

		const template = await only(bot, envelope({type: 'button', button: {payload: 'yes_pay', text: 'Yes'}}));
		assert.equal(textOf(template), 'You chose *Yes* (id: yes_pay)');
	});
});

test('other text is echoed verbatim, HTML included', async () => {
	await withBot(async (bot) => {
		const html = '<img src=x onerror=alert(1)> & "quotes"';
		const reply = await only(bot, text(html));
		assertAddressed(reply, 'text');
		assert.deepEqual(reply.type === 'text' && reply.text, {body: `You said: _${html}_`, preview_url: false});
		assert.equal(reply.context, undefined);

		// A 4096-character message cannot be echoed whole within WhatsApp's 4096-character limit.
		const long = textOf(await only(bot, text('x'.repeat(4096))));
		assert.ok([...long].length <= 4096);
		assert.ok(long.startsWith('You said: _xxx') && long.endsWith('…_'));
	});
});

test('other message types are acknowledged by type', async () => {
	await withBot(async (bot) => {
		const image = await only(bot, envelope({type: 'image', image: {id: '123', mime_type: 'image/jpeg'}}));
		assert.match(textOf(image), /^Received your \*image\* message/);
		const location = await only(bot, envelope({type: 'location', location: {latitude: 1, longitude: 2}}));
		assert.match(textOf(location), /\*location\*/);
	});
});

test('batched messages get one reply each, in order; statuses get none', async () => {
	await withBot(async (bot, lines) => {
		const batch = envelope([
			{type: 'text', text: {body: 'hi'}},
			{type: 'text', text: {body: 'list'}},
		]);
		const both = await replies(bot, batch);
		assert.deepEqual(
			both.map((reply) => reply.type === 'interactive' && reply.interactive.type),
			['button', 'list'],
		);

		const statuses = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: 'waba',
					changes: [
						{
							field: 'messages',
							value: {
								metadata: {phone_number_id: phoneNumberId},
								statuses: [{id: 'wamid.x', status: 'read', timestamp: '1', recipient_id: from}],
							},
						},
					],
				},
			],
		};
		assert.deepEqual(await replies(bot, statuses), []);
		assert.ok(lines.some((line) => line.includes('1 status update')));
	});
});

test('the conversation is a pure function of the envelope', () => {
	const parsed = parseEnvelope(text('menu'));
	assert.ok(parsed.ok);
	const [message] = parsed.messages;
	assert.ok(message);
	assert.equal(message.phoneNumberId, phoneNumberId);
	assert.equal(message.from, from);
	assert.equal(message.profileName, 'Test User');
	const reply = replyTo(message);
	assert.equal(reply.type === 'interactive' && reply.interactive.type, 'button');

	const bad = parseEnvelope({entry: [{changes: [{value: {messages: [{from: 1}]}}]}]});
	assert.deepEqual(bad, {ok: false, error: 'entry[0].changes[0].value.messages[0].from must be a string'});
	assert.deepEqual(parseEnvelope({entry: []}), {ok: true, messages: [], statuses: 0});
});
