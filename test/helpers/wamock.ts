import {existsSync} from 'node:fs';
import {type Conversation, createConversation, type Entry} from '../../source/core/conversation.js';
import {resolveSettings} from '../../source/core/targets.js';
import {startServer, type WamockServer} from '../../source/server/index.js';
import {createSession, type Session} from '../../source/session.js';

export type TestWamock = WamockServer & {
	session: Session;
	conversation: Conversation;
	lines: string[];
	/** Conversation listeners currently subscribed (the event streams), to check that none leak. */
	listeners: () => number;
};

/** The built output (npm test builds before testing); absent when only the sources exist. */
export const distRoot = new URL('../../dist/', import.meta.url);
export const distBuilt = existsSync(new URL('web/index.html', distRoot));

/** A wamock server on 127.0.0.1:0 whose `local` target is `botUrl`. */
export const startWamock = async (
	botUrl: string,
	options: {
		targets?: Record<string, string>;
		timeoutMs?: number;
		assetsRoot?: URL;
		version?: string;
		port?: number;
	} = {},
): Promise<TestWamock> => {
	const settings = resolveSettings({targets: {local: botUrl, ...options.targets}}, {});
	if (!settings.ok) {
		throw new Error(settings.error);
	}

	const base = createConversation();
	let listeners = 0;
	// Counts subscriptions so tests can prove that closed streams unsubscribe.
	const conversation: Conversation = {
		...base,
		subscribe(listener) {
			listeners += 1;
			const unsubscribe = base.subscribe(listener);
			let done = false;
			return () => {
				if (!done) {
					done = true;
					listeners -= 1;
				}

				unsubscribe();
			};
		},
	};
	const lines: string[] = [];
	const log = (line: string) => {
		lines.push(line);
	};

	const session = createSession({
		settings: settings.settings,
		conversation,
		timeoutMs: options.timeoutMs ?? 5000,
		log,
	});
	const server = await startServer({
		port: options.port ?? 0,
		session,
		log,
		version: options.version ?? '9.9.9-test',
		assetsRoot: options.assetsRoot ?? distRoot,
	});
	return {...server, session, conversation, lines, listeners: () => listeners};
};

export const postJson = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(url, {
		method: 'POST',
		headers: {'content-type': 'application/json', ...headers},
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});

/** Polls until `check` holds, so tests wait for a condition instead of a fixed time. */
export const waitUntil = async (check: () => boolean, what: string, timeoutMs = 3000): Promise<void> => {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) {
			throw new Error(`timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 10);
		});
	}
};

export const kinds = (entries: readonly Entry[]): string[] => entries.map((entry) => entry.kind);

export type ErrorBody = {error: {code: string; message: string}};
