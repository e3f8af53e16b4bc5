import type {Entry} from '../core/conversation.js';
import {isRecord} from '../core/json.js';
import {type BotEntry, botContent, type ChoiceHandler} from './bot-bubble.js';
import {clockTime, duration, element, rawView} from './dom.js';
import {plain, richText} from './rich-text.js';

type Of<Kind extends Entry['kind']> = Extract<Entry, {kind: Kind}>;
export type UserEntry = Of<'user'>;
export type DeliveredEntry = Of<'delivered'>;
export type ErrorEntry = Of<'error'>;

export type ViewContext = {
	readonly onChoice: ChoiceHandler;
	/** A short text of the message with this wamid, for the quote above a reply. */
	readonly quoteOf: (wamid: string) => string | undefined;
};

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const viaLabels: Readonly<Record<string, string>> = {
	response: 'in the webhook response',
	'send-api': 'via the send API',
	callback: 'POSTed to /bot/webhook',
};

export const shell = (entry: Entry, className: string, children: Array<Node | undefined>): HTMLElement =>
	element('article', {
		className: `entry ${className}`,
		attributes: {'data-kind': entry.kind, 'data-seq': String(entry.seq)},
		children,
	});

const quoteBlock = (wamid: string | undefined, context: ViewContext): HTMLElement | undefined => {
	const quoted = wamid ? context.quoteOf(wamid) : undefined;
	return quoted === undefined
		? undefined
		: element('div', {className: 'quoted', testId: 'quoted', text: quoted});
};

const time = (at: number): HTMLElement =>
	element('time', {text: clockTime(at), attributes: {datetime: new Date(at).toISOString()}});

/** What the user's bubble says: the text, or the chosen title with what kind of answer it was. */
const userBody = (entry: UserEntry): {main: string; detail?: string; description?: string} => {
	const message = record(entry.message);
	if (entry.message.type === 'text') {
		return {main: text(record(message['text'])['body'])};
	}

	if (entry.message.type === 'button') {
		const button = record(message['button']);
		return {main: text(button['text']), detail: `template button · payload ${text(button['payload'])}`};
	}

	const interactive = record(message['interactive']);
	const kind = text(interactive['type']);
	const reply = record(interactive[kind]);
	if (kind === 'button_reply' || kind === 'list_reply') {
		const description = text(reply['description']);
		return {
			main: text(reply['title']),
			detail: `${kind === 'button_reply' ? 'button reply' : 'list reply'} · id ${text(reply['id'])}`,
			...(description ? {description} : {}),
		};
	}

	return {main: entry.summary || `[${entry.type}]`};
};

export type UserView = {
	readonly element: HTMLElement;
	readonly preview: string;
	readonly delivered: (entry: DeliveredEntry) => void;
	readonly failed: (entry: ErrorEntry) => void;
};

export const userView = (entry: UserEntry, context: ViewContext): UserView => {
	const body = userBody(entry);
	const delivery = element('span', {className: 'delivery', testId: 'delivery', text: '✓'});
	const responses: Array<readonly [string, unknown]> = [];
	const target = element('span', {
		className: 'target',
		text: `→ ${entry.target}`,
		attributes: {title: `${entry.name} (${entry.phone}) → ${entry.url}`},
	});
	const bubble = element('div', {
		className: 'bubble',
		children: [
			quoteBlock(entry.message.context?.id, context),
			richText(body.main),
			body.description ? element('div', {className: 'bubble-footer', text: body.description}) : undefined,
			body.detail ? element('div', {className: 'reply-kind', text: body.detail}) : undefined,
			element('div', {className: 'meta', children: [target, time(entry.at), delivery]}),
		],
	});
	const raw = rawView('{ }', () => [['webhook sent to the bot', entry.envelope], ...responses]);
	return {
		element: shell(entry, 'user', [bubble, raw]),
		preview: plain(body.main),
		delivered(result) {
			delivery.textContent = `✓✓ ${result.status} · ${duration(result.latencyMs)}`;
			delivery.title = `${result.replies} repl${result.replies === 1 ? 'y' : 'ies'} in the response`;
			responses.push([`bot answered HTTP ${result.status}`, result.body ?? {replies: result.replies}]);
		},
		failed(failure) {
			delivery.textContent = '✗';
			delivery.classList.add('failed');
			responses.push([`failed: ${failure.code}`, failure.body ?? failure.message]);
		},
	};
};

export const botView = (entry: BotEntry, context: ViewContext): {element: HTMLElement; preview: string} => {
	const {content, actions, preview} = botContent(entry, context.onChoice);
	const contextRecord = record(entry.message['context']);
	const meta = element('div', {
		className: 'meta',
		children: [
			time(entry.at),
			entry.latencyMs === undefined
				? undefined
				: element('span', {
						className: 'latency',
						testId: 'latency',
						text: duration(entry.latencyMs),
						attributes: {title: 'time since the message it answers'},
					}),
		],
	});
	meta.title = `sent ${viaLabels[entry.via] ?? entry.via} · ${entry.wamid}`;
	const bubble = element('div', {
		className: 'bubble',
		children: [quoteBlock(text(contextRecord['message_id']) || undefined, context), ...content, meta],
	});
	const raw = rawView('{ }', () => [[`send-API body (${viaLabels[entry.via] ?? entry.via})`, entry.message]]);
	return {element: shell(entry, 'bot', [bubble, actions, raw]), preview};
};
