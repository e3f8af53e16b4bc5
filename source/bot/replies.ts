import type {InboundContent, InboundMessage} from './envelope.js';

// The conversation: pure functions from an inbound message to send-API bodies (PROTOCOL.md §6).

type Addressed = {
	readonly messaging_product: 'whatsapp';
	readonly recipient_type: 'individual';
	readonly to: string;
	readonly context?: {readonly message_id: string};
};

export type ReplyButton = {
	readonly type: 'reply';
	readonly reply: {readonly id: string; readonly title: string};
};
export type ListRow = {readonly id: string; readonly title: string; readonly description?: string};
export type ListSection = {readonly title: string; readonly rows: readonly ListRow[]};

type Decoration = {
	readonly header: {readonly type: 'text'; readonly text: string};
	readonly body: {readonly text: string};
	readonly footer: {readonly text: string};
};

export type ButtonMessage = Decoration & {
	readonly type: 'button';
	readonly action: {readonly buttons: readonly ReplyButton[]};
};

export type ListMessage = Decoration & {
	readonly type: 'list';
	readonly action: {readonly button: string; readonly sections: readonly ListSection[]};
};

export type SendBody =
	| (Addressed & {
			readonly type: 'text';
			readonly text: {readonly body: string; readonly preview_url: boolean};
	  })
	| (Addressed & {readonly type: 'interactive'; readonly interactive: ButtonMessage | ListMessage});

export const botName = 'VimbisoPay demo';
export const footerText = 'wamock sample bot';

/** The main menu's reply buttons; titles stay within WhatsApp's 20 characters. */
export const menuButtons: readonly ReplyButton[] = [
	{type: 'reply', reply: {id: 'balance', title: 'Check balance'}},
	{type: 'reply', reply: {id: 'send_money', title: 'Send money'}},
	{type: 'reply', reply: {id: 'help', title: 'Help'}},
];

/** The list menu: 2 sections, 5 rows, all within WhatsApp's list limits. */
export const listSections: readonly ListSection[] = [
	{
		title: 'Account',
		rows: [
			{id: 'balance', title: 'Check balance', description: 'See what is in your wallet'},
			{id: 'statement', title: 'Mini statement', description: 'Your last 5 transactions'},
		],
	},
	{
		title: 'Payments',
		rows: [
			{id: 'send_money', title: 'Send money', description: 'Pay anyone with a phone number'},
			{id: 'buy_airtime', title: 'Buy airtime', description: 'Top up any network'},
			{id: 'pay_bill', title: 'Pay a bill', description: 'Electricity, water, TV and more'},
		],
	},
];

export const listButton = 'Choose';

const textLimit = 4096;

const addressed = (message: InboundMessage, quote: boolean): Addressed => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to: message.from,
	...(quote ? {context: {message_id: message.id}} : {}),
});

const text = (message: InboundMessage, body: string, quote = false): SendBody => ({
	...addressed(message, quote),
	type: 'text',
	text: {body, preview_url: false},
});

const decoration = (body: string): Decoration => ({
	header: {type: 'text', text: botName},
	body: {text: body},
	footer: {text: footerText},
});

const menu = (message: InboundMessage): SendBody => {
	const greeting = message.profileName === undefined ? '*Welcome*!' : `*Welcome*, _${message.profileName}_!`;
	return {
		...addressed(message, false),
		type: 'interactive',
		interactive: {
			type: 'button',
			...decoration(`${greeting} What would you like to do?`),
			action: {buttons: menuButtons},
		},
	};
};

const list = (message: InboundMessage): SendBody => ({
	...addressed(message, false),
	type: 'interactive',
	interactive: {
		type: 'list',
		...decoration('Pick a service from the list below. Send *menu* for the quick buttons.'),
		action: {button: listButton, sections: listSections},
	},
});

// WhatsApp rejects a text over 4096 characters, and a 4096-character message echoed with a prefix
// would be one; so only then is the user's text cut, and visibly so.
const echo = (message: InboundMessage, said: string): SendBody => {
	const prefix = 'You said: _';
	const room = textLimit - prefix.length - 1;
	const codePoints = [...said];
	const shown = codePoints.length > room ? `${codePoints.slice(0, room - 1).join('')}…` : said;
	return text(message, `${prefix}${shown}_`);
};

const chose = (title: string, id: string, description?: string): string =>
	`You chose *${title}* (id: ${id})${description === undefined ? '' : `\n_${description}_`}`;

const answer = (message: InboundMessage, content: InboundContent): SendBody => {
	switch (content.kind) {
		case 'text': {
			const command = content.body.trim().toLowerCase();
			if (command === 'hi' || command === 'menu') {
				return menu(message);
			}

			return command === 'list' ? list(message) : echo(message, content.body);
		}

		case 'button_reply': {
			return text(message, chose(content.title, content.id), true);
		}

		case 'list_reply': {
			return text(message, chose(content.title, content.id, content.description), true);
		}

		case 'template_button': {
			return text(message, chose(content.text, content.payload), true);
		}

		case 'other': {
			return text(message, `Received your *${content.type}* message. Send *menu* to see what I can do.`);
		}
	}
};

/** The bot's answer to one inbound message: always exactly one send-API body. */
export const replyTo = (message: InboundMessage): SendBody => answer(message, message.content);

/** A one-line, human-readable summary of a reply, for the log. */
export const describeReply = (reply: SendBody): string => {
	if (reply.type === 'text') {
		return `text ${quoteForLog(reply.text.body)}`;
	}

	const {interactive} = reply;
	const options =
		interactive.type === 'button'
			? `${interactive.action.buttons.length} buttons`
			: `${interactive.action.sections.reduce((total, section) => total + section.rows.length, 0)} rows`;
	return `interactive ${interactive.type} (${options}) ${quoteForLog(interactive.body.text)}`;
};

/** A one-line, human-readable summary of an inbound message, for the log. */
export const describeInbound = (message: InboundMessage): string => {
	const who = message.profileName === undefined ? message.from : `${message.from} (${message.profileName})`;
	const {content} = message;
	const what =
		content.kind === 'text'
			? `text ${quoteForLog(content.body)}`
			: content.kind === 'other'
				? content.type
				: content.kind === 'template_button'
					? `template button ${quoteForLog(content.text)} (payload: ${content.payload})`
					: `${content.kind} ${quoteForLog(content.title)} (id: ${content.id})`;
	return `${who}: ${what}`;
};

// JSON quoting keeps a multi-line message on one log line.
const quoteForLog = (value: string): string =>
	JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
