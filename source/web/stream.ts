import type {Entry} from '../core/conversation.js';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

export type StreamHandlers = {
	/** Where to start when (re)opening a stream: the newest seq the page has. */
	readonly since: () => number;
	readonly onEntry: (entry: Entry) => void;
	readonly onClear: () => void;
	readonly onState: (state: StreamState) => void;
	/** After a reconnect: entries may have been missed while the stream was down. */
	readonly onReconnect: () => void;
};

const retryMs = 3000;

const isEntry = (value: unknown): value is Entry =>
	typeof value === 'object' &&
	value !== null &&
	typeof (value as {seq?: unknown}).seq === 'number' &&
	typeof (value as {kind?: unknown}).kind === 'string';

/**
Follows GET /api/events. EventSource reconnects by itself (sending Last-Event-ID) after a dropped connection,
but gives up for good on an HTTP error, so then a new one is opened after a pause. Entries that arrive twice
are dropped by the transcript, which keys them by seq.
*/
export const followEvents = (handlers: StreamHandlers): (() => void) => {
	let source: EventSource | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let dropped = false;
	let stopped = false;

	const open = () => {
		const current = new EventSource(`/api/events?since=${handlers.since()}`);
		source = current;
		current.addEventListener('open', () => {
			handlers.onState('live');
			if (dropped) {
				dropped = false;
				handlers.onReconnect();
			}
		});
		current.addEventListener('error', () => {
			dropped = true;
			handlers.onState('reconnecting');
			if (current.readyState === EventSource.CLOSED && !stopped) {
				timer = setTimeout(open, retryMs);
			}
		});
		current.addEventListener('entry', (event) => {
			try {
				const entry: unknown = JSON.parse((event as MessageEvent<string>).data);
				if (isEntry(entry)) {
					handlers.onEntry(entry);
				}
			} catch {
				// A broken event is skipped; the resync after the next reconnect fills the gap.
			}
		});
		current.addEventListener('clear', () => {
			handlers.onClear();
		});
	};

	handlers.onState('connecting');
	open();
	return () => {
		stopped = true;
		clearTimeout(timer);
		source?.close();
	};
};
