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
	let queue: Promise<void> = Promise.resolve();

	const deliver = async ({phoneNumberId, body}: Outgoing): Promise<void> => {
		const what = `${describeReply(body)} to ${body.to}`;
		if (phoneNumberId === undefined) {
			options.log(`✗ could not send ${what}: the envelope had no metadata.phone_number_id`);
			return;
		}

		const url = `${base}/${options.graphVersion}/${encodeURIComponent(phoneNumberId)}/messages`;
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${options.accessToken}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify(body),
				signal: AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]),
			});
			const text = await response.text();
			if (response.ok) {
				const wamid = wamidOf(text);
				options.log(`→ sent ${what}${wamid === undefined ? '' : ` (${wamid})`}`);
			} else {
				options.log(`✗ ${url} refused ${what}: HTTP ${response.status} ${graphErrorOf(text)}`);
			}
		} catch (error) {
			options.log(`✗ could not send ${what} to ${url}: ${reasonOf(error, timeoutMs)}`);
		}
	};

	return {
		enqueue(replies) {
			if (closing.signal.aborted) {
				return;
			}

			queue = queue.then(async () => {
				for (const reply of replies) {
					if (closing.signal.aborted) {
						return;
					}

					// One at a time: the user must see the replies in the order the bot wrote them.
					await deliver(reply);
				}
			});
		},
		async close() {
			closing.abort();
			await queue;
		},
	};
};
