import type {Envelope, InboundMessage} from './envelope.js';
import type {BotMessage} from './replies.js';
import type {SendApiError} from './send-api.js';

/** How a bot reply reached wamock: in the webhook's HTTP response, through the send API, or POSTed to /bot/webhook. */
export type Via = 'response' | 'send-api' | 'callback';

export type FailureCode = 'unreachable' | 'timeout' | 'bot-error';

/** One event of a conversation, in the order it happened. Entries never change once added. */
export type EntryData =
	| {
			readonly kind: 'user';
			readonly target: string;
			readonly url: string;
			readonly phone: string;
			readonly name: string;
			readonly type: string;
			readonly summary: string;
			readonly message: InboundMessage;
			readonly envelope: Envelope;
	  }
	| {
			readonly kind: 'bot';
			readonly via: Via;
			readonly wamid: string;
			readonly to: string;
			readonly message: BotMessage;
			/** Milliseconds since the user's message it answers, when there is one. */
			readonly latencyMs?: number;
			readonly replyTo?: number;
	  }
	| {
			readonly kind: 'rejected';
			readonly via: Via;
			readonly error: SendApiError;
			readonly body: unknown;
	  }
	| {
			/** The bot's answer to one forwarded message, whatever it held. */
			readonly kind: 'delivered';
			readonly replyTo: number;
			readonly target: string;
			readonly status: number;
			readonly latencyMs: number;
			readonly replies: number;
			/** The body, when it held no WhatsApp messages (text, HTML, other JSON). */
			readonly body?: unknown;
			readonly note?: string;
	  }
	| {
			readonly kind: 'error';
			readonly replyTo?: number;
			readonly target: string;
			readonly code: FailureCode;
			readonly status: number;
			readonly message: string;
			readonly latencyMs?: number;
			readonly body?: unknown;
	  }
	| {readonly kind: 'status'; readonly text: string; readonly messageId?: string};

export type Entry = EntryData & {readonly seq: number; readonly at: number};

export type ConversationEvent = {readonly type: 'entry'; readonly entry: Entry} | {readonly type: 'clear'};

export type Conversation = {
	readonly add: (data: EntryData, at?: number) => Entry;
	/** Entries after `since` (a seq), oldest first. */
	readonly list: (since?: number) => Entry[];
	readonly clear: () => void;
	/** Calls the listener for every new entry and every clear; returns the unsubscribe function. */
	readonly subscribe: (listener: (event: ConversationEvent) => void) => () => void;
	readonly lastSeq: () => number;
	/** The newest user message from this phone, to link replies that come through the send API. */
	readonly lastUserMessage: (phone: string) => Entry | undefined;
};

/** Keeps the newest entries only, so a long session cannot fill memory: at most this many… */
export const defaultEntryLimit = 5000;
/** …and at most about this many bytes of JSON (envelopes can be 3 MiB each). */
export const defaultByteLimit = 64 * 1024 * 1024;

// Entries never change, so each is serialised once: for the size budget, event streams and the API.
const serialised = new WeakMap<Entry, string>();

export const entryJson = (entry: Entry): string => {
	let json = serialised.get(entry);
	if (json === undefined) {
		json = JSON.stringify(entry);
		serialised.set(entry, json);
	}

	return json;
};

const maxSenders = 1000;

const firstAfter = (entries: readonly Entry[], seq: number): number => {
	let low = 0;
	let high = entries.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((entries[middle]?.seq ?? 0) <= seq) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
};

export const createConversation = ({
	limit = defaultEntryLimit,
	maxBytes = defaultByteLimit,
}: {
	limit?: number;
	maxBytes?: number;
} = {}): Conversation => {
	let entries: Entry[] = [];
	let bytes = 0;
	let seq = 0;
	const lastUser = new Map<string, Entry>();
	const listeners = new Set<(event: ConversationEvent) => void>();
	const emit = (event: ConversationEvent) => {
		for (const listener of listeners) {
			try {
				listener(event);
			} catch {
				// One broken listener (a closed stream) must not stop the others or the caller.
			}
		}
	};

	return {
		add(data, at = Date.now()) {
			seq += 1;
			// Object.assign rather than a spread: this runs for every event, and the spread cost ten times as much.
			const entry = Object.assign({}, data, {seq, at}) as Entry;
			entries.push(entry);
			bytes += entryJson(entry).length;
			// Drop in batches so trimming stays cheap per entry (so up to a tenth more may be held between trims).
			if (entries.length > limit + Math.ceil(limit / 10) || bytes > maxBytes) {
				let start = Math.max(0, entries.length - limit);
				let kept = 0;
				for (const old of entries.slice(start)) {
					kept += entryJson(old).length;
				}

				while (kept > maxBytes * 0.9 && start < entries.length - 1) {
					kept -= entryJson(entries[start] as Entry).length;
					start += 1;
				}

				entries = entries.slice(start);
				bytes = kept;
			}

			if (entry.kind === 'user') {
				// Re-insert so the map stays in recency order, and forget the least recent senders past a bound.
				lastUser.delete(entry.phone);
				lastUser.set(entry.phone, entry);
				if (lastUser.size > maxSenders) {
					lastUser.delete(lastUser.keys().next().value ?? '');
				}
			}

			emit({type: 'entry', entry});
			return entry;
		},
		list: (since = 0) => entries.slice(firstAfter(entries, since)),
		clear() {
			entries = [];
			bytes = 0;
			lastUser.clear();
			emit({type: 'clear'});
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		lastSeq: () => seq,
		lastUserMessage: (phone) => lastUser.get(phone),
	};
};
