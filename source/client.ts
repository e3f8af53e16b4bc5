import ky, {type KyInstance} from 'ky';
import type {ChatBackend} from './backend.js';
import {type ConversationEvent, defaultEntryLimit, type Entry} from './core/conversation.js';
import {defaultIdentity, type Identity} from './core/envelope.js';
import {isRecord} from './core/json.js';
import type {Target} from './core/targets.js';
import {networkCause} from './net-error.js';
import {createEventParser, type StreamEvent} from './server/event-stream.js';

const errorMessage = async (response: Response): Promise<{code: string; message: string}> => {
	const text = await response.text().catch(() => '');
	try {
		const body: unknown = JSON.parse(text);
		const error = isRecord(body) ? body['error'] : undefined;
		if (isRecord(error) && typeof error['message'] === 'string') {
			return {code: typeof error['code'] === 'string' ? error['code'] : '', message: error['message']};
		}
	} catch {}

	return {
		code: '',
		message: `wamock answered ${response.status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`,
	};
};

const getJson = async (api: KyInstance, path: string, base: string): Promise<Record<string, unknown>> => {
	let response: Response;
	try {
		response = await api.get(path);
	} catch (error) {
		throw new Error(`could not reach wamock at ${base} (${networkCause(error)})`);
	}

	if (!response.ok) {
		throw new Error(`wamock at ${base}: ${(await errorMessage(response)).message}`);
	}

	const body: unknown = await response.json();
	if (!isRecord(body)) {
		throw new Error(`wamock at ${base}: /${path} did not answer a JSON object`);
	}

	return body;
};

// Long enough for any bot timeout the server may use; the server itself answers 504 for a silent bot.
const sendTimeoutMs = 300_000;
// How long a finished send waits for its entries to arrive on the event stream.
const catchUpMs = 2000;

/** The conversation of a wamock server that already runs: its API for commands, its event stream for entries. */
export const remoteBackend = async (baseUrl: string): Promise<ChatBackend> => {
	const base = baseUrl.replace(/\/+$/, '');
	const api = ky.create({prefixUrl: base, retry: 0, timeout: 10_000, throwHttpErrors: false});
	const info = await getJson(api, 'api/targets', base);
	const history = await getJson(api, 'api/messages', base);
	const targets = Array.isArray(info['targets']) ? (info['targets'] as Target[]) : [];
	const identity = {...defaultIdentity, ...(isRecord(info['identity']) ? info['identity'] : {})} as Identity;

	let entries: Entry[] = Array.isArray(history['entries']) ? (history['entries'] as Entry[]) : [];
	let lastSeq = typeof history['lastSeq'] === 'number' ? history['lastSeq'] : 0;
	let retryMs = 1000;
	let clears = 0;
	let closed = false;
	const controller = new AbortController();
	const listeners = new Set<(event: ConversationEvent) => void>();
	const waiters = new Set<() => void>();
	const emit = (event: ConversationEvent) => {
		for (const listener of listeners) {
			try {
				listener(event);
			} catch {
				// One broken listener must not stop the others or the stream (the local conversation does the same).
			}
		}

		for (const check of waiters) {
			check();
		}
	};

	const onEvent = ({event, data}: StreamEvent) => {
		if (event === 'clear') {
			entries = [];
			// Seqs restart only when the server did; either way everything after this is new.
			lastSeq = 0;
			clears += 1;
			emit({type: 'clear'});
			return;
		}

		const entry: unknown = event === 'entry' ? JSON.parse(data) : undefined;
		if (!isRecord(entry) || typeof entry['seq'] !== 'number' || entry['seq'] <= lastSeq) {
			return;
		}

		lastSeq = entry['seq'];
		entries.push(entry as Entry);
		if (entries.length > defaultEntryLimit) {
			entries = entries.slice(-defaultEntryLimit);
		}

		emit({type: 'entry', entry: entry as Entry});
	};

	const pause = async (ms: number) =>
		new Promise<void>((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				resolve();
			};

			const timer = setTimeout(() => {
				controller.signal.removeEventListener('abort', wake);
				resolve();
			}, ms);
			controller.signal.addEventListener('abort', wake, {once: true});
		});

	const follow = async () => {
		while (!closed) {
			try {
				// eslint-disable-next-line no-await-in-loop
				const response = await fetch(`${base}/api/events?since=${lastSeq}`, {
					headers: {accept: 'text/event-stream'},
					signal: controller.signal,
				});
				if (response.ok && response.body) {
					// A fresh parser per connection: half an event from a dropped stream must not leak into the next.
					const feed = createEventParser(
						(event) => {
							try {
								onEvent(event);
							} catch {
								// One malformed event must not end the stream.
							}
						},
						(ms) => {
							retryMs = ms;
						},
					);
					const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
					for (;;) {
						// eslint-disable-next-line no-await-in-loop
						const {done, value} = await reader.read();
						if (done) {
							break;
						}

						feed(value);
					}
				}
			} catch {
				// Dropped or refused: reconnect below, from the last seq seen.
			}

			if (!closed) {
				// eslint-disable-next-line no-await-in-loop
				await pause(retryMs);
			}
		}
	};

	void follow();

	/** Resolves once the stream has shown `done()` true, a clear arrived, or `catchUpMs` passed. */
	const waitFor = async (done: () => boolean) =>
		new Promise<void>((resolve) => {
			const finish = () => {
				waiters.delete(check);
				clearTimeout(timer);
				resolve();
			};

			const check = () => {
				if (done() || closed) {
					finish();
				}
			};

			const timer = setTimeout(finish, catchUpMs);
			waiters.add(check);
			check();
		});

	return {
		kind: 'remote',
		targets,
		defaultTarget: typeof info['defaultTarget'] === 'string' ? info['defaultTarget'] : 'local',
		identity,
		async send(request) {
			const {input, phone, name} = request;
			let response: Response;
			try {
				response = await api.post('webhook', {
					searchParams: request.target === undefined ? {} : {target: request.target},
					json: {...input, ...(phone === undefined ? {} : {phone}), ...(name === undefined ? {} : {name})},
					timeout: sendTimeoutMs,
				});
			} catch (error) {
				return {ok: false, error: `could not reach wamock at ${base} (${networkCause(error)})`};
			}

			const seqHeader = response.headers.get('x-wamock-seq');
			const seq = seqHeader === null ? Number.NaN : Number(seqHeader);
			const recorded = response.headers.has('x-wamock-outcome') || seqHeader !== null;
			if (!recorded && !response.ok) {
				return {ok: false, error: (await errorMessage(response)).message};
			}

			// The answer is the bot's or a recorded failure: the conversation holds it, so it is no error here.
			await response.body?.cancel();
			const clearsBefore = clears;
			await waitFor(() => Number.isNaN(seq) || lastSeq >= seq || clears !== clearsBefore);
			return {ok: true};
		},
		async clear() {
			const clearsBefore = clears;
			const response = await api.delete('api/messages');
			if (!response.ok) {
				throw new Error(`could not clear the conversation: ${(await errorMessage(response)).message}`);
			}

			await waitFor(() => clears !== clearsBefore);
		},
		entries: () => [...entries],
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async close() {
			closed = true;
			controller.abort();
			listeners.clear();
			for (const check of waiters) {
				check();
			}
		},
	};
};

/** What answers at this address: a wamock server, something else, or nothing at all. */
export const probeWamock = async (
	baseUrl: string,
	timeoutMs = 1000,
): Promise<'wamock' | 'other' | 'none'> => {
	let response: Response;
	const signal = AbortSignal.timeout(timeoutMs);
	try {
		response = await fetch(`${baseUrl.replace(/\/+$/, '')}/health`, {signal});
	} catch {
		return 'none';
	}

	try {
		const body: unknown = await response.json();
		return isRecord(body) && body['name'] === 'wamock' ? 'wamock' : 'other';
	} catch {
		return 'other';
	}
};
