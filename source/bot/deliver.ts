import {networkCause} from '../net-error.js';
import {isRecord} from './envelope.js';
import {describeReply, type SendBody} from './replies.js';

export type Outgoing = {readonly phoneNumberId: string | undefined; readonly body: SendBody};

export type DeliveryOptions = {
	readonly graphUrl: string;
	readonly graphVersion: string;
	readonly accessToken: string;
	readonly log: (line: string) => void;
	readonly timeoutMs?: number;
};

export type Delivery = {
	/** Queues replies for the send API; they go out one at a time, in the order they were queued. */
	readonly enqueue: (replies: readonly Outgoing[]) => void;
	/** Cancels what is in flight, drops what is queued, and resolves once nothing runs any more. */
	readonly close: () => Promise<void>;
};

const reasonOf = (error: unknown, timeoutMs: number): string => {
	if (!(error instanceof Error)) {
		return String(error);
	}

	if (error.name === 'TimeoutError') {
		return `no answer within ${timeoutMs} ms`;
	}

	if (error.name === 'AbortError') {
		return 'cancelled because the bot is closing';
	}

	return networkCause(error);
};

const graphErrorOf = (text: string): string => {
	try {
		const body: unknown = JSON.parse(text);
		const error = isRecord(body) ? body['error'] : undefined;
		if (isRecord(error) && typeof error['message'] === 'string') {
			return error['message'];
		}
	} catch {}

	return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

const wamidOf = (text: string): string | undefined => {
	try {
		const body: unknown = JSON.parse(text);
		const messages = isRecord(body) ? body['messages'] : undefined;
		const first: unknown = Array.isArray(messages) ? messages[0] : undefined;
		return isRecord(first) && typeof first['id'] === 'string' ? first['id'] : undefined;
	} catch {
		return undefined;
	}
};

export const createDelivery = (options: DeliveryOptions): Delivery => {
	const base = options.graphUrl.replace(/\/+$/, '');
	const timeoutMs = options.timeoutMs ?? 10_000;
	const closing = new AbortController();
	// One queue per recipient: each user sees the replies in the order the bot wrote them, and one slow
	// user does not hold up everyone else.
	const queues = new Map<string, Promise<void>>();

	const deliver = async ({phoneNumberId, body}: Outgoing): Promise<void> => {
		const what = `${describeReply(body)} to ${body.to}`;
		if (phoneNumberId === undefined) {
			options.log(`✗ could not send ${what}: the envelope had no metadata.phone_number_id`);
			return;
		}

		const url = `${base}/${options.graphVersion}/${encodeURIComponent(phoneNumberId)}/messages`;
		// Held here until the send ends: on Node 20 a garbage collection can drop a combined signal that only
		// fetch refers to, and then the timeout never fires.
		const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]);
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${options.accessToken}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify(body),
				signal,
			});
			const text = await response.text();
			if (response.ok) {
				const wamid = wamidOf(text);
				options.log(`→ sent ${what}${wamid === undefined ? '' : ` (${wamid})`}`);
			} else {
				options.log(`✗ ${url} refused ${what}: HTTP ${response.status} ${graphErrorOf(text)}`);
			}
		} catch (error) {
			// Reading `signal` here is what keeps it alive for the whole send.
			const reason =
				signal.aborted && !closing.signal.aborted
					? `no answer within ${timeoutMs} ms`
					: reasonOf(error, timeoutMs);
			options.log(`✗ could not send ${what} to ${url}: ${reason}`);
		}
	};

	return {
		enqueue(replies) {
			if (closing.signal.aborted) {
				return;
			}

			const to = replies[0]?.body.to ?? '';
			const queue = (queues.get(to) ?? Promise.resolve()).then(async () => {
				for (const reply of replies) {
					if (closing.signal.aborted) {
						return;
					}

					// One at a time: the user must see the replies in the order the bot wrote them.
					await deliver(reply);
				}
			});
			queues.set(to, queue);
			// Forget a recipient once its queue is empty, so the map does not grow with every phone ever seen.
			void queue.then(() => {
				if (queues.get(to) === queue) {
					queues.delete(to);
				}
			});
		},
		async close() {
			closing.abort();
			await Promise.all(queues.values());
		},
	};
};
