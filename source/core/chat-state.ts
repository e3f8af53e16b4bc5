import {type MessageType, normalisePhone} from './envelope.js';

// The terminal chat's UI state: a pure reducer over a discriminated Action union. Conversation entries are not
// here; they come from the backend. React only dispatches and draws.

// The latest interactive message comes right after the composer: answering it is the commonest move.
export const focusOrder = ['composer', 'message', 'type', 'target'] as const;
export type Focus = (typeof focusOrder)[number];

export type Notice = {readonly tone: 'info' | 'error'; readonly lines: readonly string[]};

export type ChatState = {
	readonly focus: Focus;
	readonly type: MessageType;
	readonly target: string;
	readonly targets: readonly string[];
	readonly phone: string;
	readonly name: string;
	readonly raw: boolean;
	/** Requests sent and not answered yet. */
	readonly pending: number;
	readonly startedAt?: number;
	readonly elapsedMs: number;
	readonly lastLatencyMs?: number;
	/** The newest interactive bot message, when there is one, and how many choices it has. */
	readonly interactive?: Offer;
	/** The highlighted choice while the interactive message has focus. */
	readonly selection: number;
	readonly notice?: Notice;
};

/** The newest interactive bot message as the reducer needs it. */
export type Offer = {readonly wamid: string; readonly choices: number};

export type Command =
	| {readonly kind: 'clear'}
	| {readonly kind: 'raw'}
	| {readonly kind: 'help'}
	| {readonly kind: 'phone'; readonly value: string}
	| {readonly kind: 'name'; readonly value: string}
	| {readonly kind: 'target'; readonly value: string}
	| {readonly kind: 'invalid'; readonly error: string};

/**
Actions that depend on the newest interactive message carry it (`offer`), so a key pressed right after a reply
arrives acts on that reply even before the app has told the reducer about it.
*/
export type Action =
	| {readonly type: 'focus-next'; readonly offer?: Offer}
	| {readonly type: 'focus-previous'; readonly offer?: Offer}
	| {readonly type: 'focus'; readonly focus: Focus; readonly offer?: Offer}
	| {readonly type: 'escape'}
	| {readonly type: 'set-type'; readonly messageType: MessageType}
	| {readonly type: 'set-target'; readonly target: string}
	| {readonly type: 'interactive'; readonly offer?: Offer}
	| {readonly type: 'move-selection'; readonly delta: number; readonly offer?: Offer}
	| {readonly type: 'send-start'; readonly now: number}
	| {readonly type: 'send-end'; readonly now: number; readonly error?: string}
	| {readonly type: 'tick'; readonly now: number}
	| {readonly type: 'command'; readonly command: Command}
	| {readonly type: 'notice'; readonly notice?: Notice};

// Both fit an 80-column terminal.
export const keyHelp = 'Enter send · Tab/Shift+Tab focus · ↑↓ choose · Esc back · /help · Ctrl+C quit';

export const helpLines: readonly string[] = [
	'/clear            clear the conversation (every window sees it)',
	'/phone <number>   send as another phone number',
	'/name <name>      send with another profile name',
	'/target <name>    send to another configured target',
	'/raw              show or hide the raw JSON under each message',
	'/help             this help (Esc hides it)',
	'Tab / Shift+Tab   focus: composer, latest buttons or list, type, target',
	'↑↓ then Enter     choose a button or list row, a type or a target',
	'Ctrl+C            quit (or Ctrl+D in an empty composer)',
	'For button, interactive and list types the typed text is the reply id.',
	'Start a message with // to send text that begins with /.',
];

export const initialChatState = (options: {
	readonly targets: readonly string[];
	readonly target: string;
	readonly phone: string;
	readonly name: string;
	readonly type?: MessageType;
	readonly notice?: Notice;
}): ChatState => ({
	focus: 'composer',
	type: options.type ?? 'text',
	target: options.target,
	targets: options.targets,
	phone: options.phone,
	name: options.name,
	raw: false,
	pending: 0,
	elapsedMs: 0,
	selection: 0,
	...(options.notice ? {notice: options.notice} : {}),
});

const info = (...lines: string[]): Notice => ({tone: 'info', lines});
const error = (...lines: string[]): Notice => ({tone: 'error', lines});

/** `/word args` → a command; undefined for anything that is a message to send. */
export const parseCommand = (line: string): Command | undefined => {
	const text = line.trim();
	if (!text.startsWith('/') || text.startsWith('//')) {
		return undefined;
	}

	const [word = '', ...rest] = text.slice(1).split(/\s+/u);
	const argument = rest.join(' ').trim();
	const needs = (kind: 'phone' | 'name' | 'target', usage: string): Command =>
		argument === '' ? {kind: 'invalid', error: `usage: /${kind} ${usage}`} : {kind, value: argument};
	switch (word.toLowerCase()) {
		case 'clear':
		case 'raw':
		case 'help': {
			return {kind: word.toLowerCase() as 'clear' | 'raw' | 'help'};
		}

		case 'phone': {
			return needs('phone', '<number>');
		}

		case 'name': {
			return needs('name', '<name>');
		}

		case 'target': {
			return needs('target', '<name>');
		}

		default: {
			return {kind: 'invalid', error: `unknown command "/${word}" (try /help)`};
		}
	}
};

/** The text a composer line sends: `//x` sends `/x`, so a message can start with a slash. */
export const messageText = (line: string): string =>
	line.trimStart().startsWith('//') ? line.trimStart().slice(1) : line;

const runCommand = (state: ChatState, command: Command): ChatState => {
	switch (command.kind) {
		case 'clear': {
			const {interactive: _, ...rest} = state;
			return {...rest, focus: 'composer', selection: 0, notice: info('conversation cleared')};
		}

		case 'raw': {
			return {...state, raw: !state.raw, notice: info(`raw JSON ${state.raw ? 'hidden' : 'shown'}`)};
		}

		case 'help': {
			return {...state, notice: info(...helpLines)};
		}

		case 'phone': {
			const phone = normalisePhone(command.value);
			return /^\d{7,15}$/u.test(phone)
				? {...state, phone, notice: info(`sending as ${phone}`)}
				: {...state, notice: error(`"${command.value}" is not a phone number (7 to 15 digits, no +)`)};
		}

		case 'name': {
			return {...state, name: command.value, notice: info(`sending as "${command.value}"`)};
		}

		case 'target': {
			return state.targets.includes(command.value)
				? {...state, target: command.value, notice: info(`sending to ${command.value}`)}
				: {
						...state,
						notice: error(`unknown target "${command.value}" (known targets: ${state.targets.join(', ')})`),
					};
		}

		case 'invalid': {
			return {...state, notice: error(command.error)};
		}
	}
};

const focusable = (state: ChatState): readonly Focus[] =>
	state.interactive ? focusOrder : focusOrder.filter((focus) => focus !== 'message');

const moveFocus = (state: ChatState, step: number): ChatState => {
	const order = focusable(state);
	const index = Math.max(0, order.indexOf(state.focus));
	const focus = order[(index + step + order.length) % order.length] ?? 'composer';
	return {...state, focus, selection: focus === 'message' ? state.selection : 0};
};

/** A new interactive message starts with its first choice; when none is left, focus cannot stay on it. */
const withOffer = (state: ChatState, offer: Offer | undefined): ChatState => {
	if (offer?.wamid === state.interactive?.wamid) {
		return state;
	}

	const {interactive: _, ...rest} = state;
	return offer
		? {...rest, interactive: offer, selection: 0}
		: {...rest, selection: 0, focus: state.focus === 'message' ? 'composer' : state.focus};
};

export const chatReducer = (state: ChatState, action: Action): ChatState => {
	switch (action.type) {
		case 'focus-next':
		case 'focus-previous': {
			const current = 'offer' in action ? withOffer(state, action.offer) : state;
			return moveFocus(current, action.type === 'focus-next' ? 1 : -1);
		}

		case 'focus': {
			const current = 'offer' in action ? withOffer(state, action.offer) : state;
			return action.focus === 'message' && !current.interactive ? current : {...current, focus: action.focus};
		}

		case 'escape': {
			const {notice: _, ...rest} = state;
			return {...rest, focus: 'composer'};
		}

		case 'set-type': {
			return {...state, type: action.messageType};
		}

		case 'set-target': {
			return state.targets.includes(action.target) ? {...state, target: action.target} : state;
		}

		case 'interactive': {
			return withOffer(state, action.offer);
		}

		case 'move-selection': {
			const current = 'offer' in action ? withOffer(state, action.offer) : state;
			const count = current.interactive?.choices ?? 0;
			return count === 0
				? current
				: {...current, selection: (current.selection + action.delta + count) % count};
		}

		case 'send-start': {
			const {notice: _, ...rest} = state;
			return state.pending > 0
				? {...rest, pending: state.pending + 1}
				: {...rest, pending: 1, startedAt: action.now, elapsedMs: 0};
		}

		case 'send-end': {
			const pending = Math.max(0, state.pending - 1);
			const started = state.startedAt ?? action.now;
			const {startedAt: _, ...rest} = state;
			const done = pending === 0 ? {...rest, lastLatencyMs: action.now - started} : state;
			return {
				...done,
				pending,
				elapsedMs: action.now - started,
				...(action.error === undefined ? {} : {notice: error(action.error)}),
			};
		}

		case 'tick': {
			return state.pending > 0 && state.startedAt !== undefined
				? {...state, elapsedMs: action.now - state.startedAt}
				: state;
		}

		case 'command': {
			return runCommand(state, action.command);
		}

		case 'notice': {
			const {notice: _, ...rest} = state;
			return action.notice ? {...rest, notice: action.notice} : rest;
		}
	}
};
