import type {Entry} from '../core/conversation.js';
import type {MessageType} from '../core/envelope.js';
import {isRecord} from '../core/json.js';

// The page's only HTTP calls, to the wamock server that served it.

export type TargetInfo = {readonly name: string; readonly url: string};

export type PageSettings = {
	readonly targets: readonly TargetInfo[];
	readonly defaultTarget: string;
	readonly identity: {readonly phone: string; readonly name: string};
};

/** The short form POST /webhook takes for one user message. */
export type OutgoingMessage = {
	readonly type: MessageType;
	readonly message: string;
	readonly title?: string;
	readonly description?: string;
	readonly contextId?: string;
};

export type SendOutcome =
	| {readonly ok: true}
	/** wamock refused what was typed (4xx): shown next to the composer. */
	| {readonly ok: false; readonly input: true; readonly message: string}
	/** The bot could not be reached in time; the stream brings the same failure as an error entry. */
	| {readonly ok: false; readonly input: false; readonly message: string};

const readJson = async (response: Response): Promise<unknown> => {
	try {
		return (await response.json()) as unknown;
	} catch {
		return undefined;
	}
};

const errorMessage = (body: unknown, status: number): string => {
	const error = isRecord(body) ? body['error'] : undefined;
	if (isRecord(error) && typeof error['message'] === 'string') {
		return error['message'];
	}

	return typeof error === 'string' ? error : `the server answered HTTP ${status}`;
};

const getJson = async (path: string): Promise<unknown> => {
	const response = await fetch(path, {headers: {accept: 'application/json'}});
	const body = await readJson(response);
	if (!response.ok) {
		throw new Error(`GET ${path}: ${errorMessage(body, response.status)}`);
	}

	return body;
};

export const loadSettings = async (): Promise<PageSettings> => {
	const body = await getJson('/api/targets');
	if (!isRecord(body) || !Array.isArray(body['targets'])) {
		throw new Error('GET /api/targets: the answer has no targets');
	}

	const targets = body['targets'].filter(
		(target): target is TargetInfo =>
			isRecord(target) && typeof target['name'] === 'string' && typeof target['url'] === 'string',
	);
	const identity = isRecord(body['identity']) ? body['identity'] : {};
	const text = (value: unknown): string => (typeof value === 'string' ? value : '');
	return {
		targets,
		defaultTarget: text(body['defaultTarget']) || (targets[0]?.name ?? ''),
		identity: {phone: text(identity['phone']), name: text(identity['name'])},
	};
};

export const loadEntries = async (since: number): Promise<{entries: Entry[]; lastSeq: number}> => {
	const body = await getJson(`/api/messages?since=${since}`);
	if (!isRecord(body) || !Array.isArray(body['entries'])) {
		throw new Error('GET /api/messages: the answer has no entries');
	}

	// The server builds entries from core/conversation.ts, so their shape is trusted here.
	const entries = body['entries'] as Entry[];
	const lastSeq = typeof body['lastSeq'] === 'number' ? body['lastSeq'] : (entries.at(-1)?.seq ?? since);
	return {entries, lastSeq};
};

export const clearEntries = async (): Promise<void> => {
	const response = await fetch('/api/messages', {method: 'DELETE'});
	if (!response.ok) {
		throw new Error(
			`could not clear the conversation: ${errorMessage(await readJson(response), response.status)}`,
		);
	}
};

export const sendMessage = async (
	target: string,
	message: OutgoingMessage,
	identity: {readonly phone: string; readonly name: string},
): Promise<SendOutcome> => {
	let response: Response;
	try {
		response = await fetch(`/webhook?target=${encodeURIComponent(target)}`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({...message, phone: identity.phone, name: identity.name}),
		});
	} catch {
		return {
			ok: false,
			input: true,
			message: 'could not reach the wamock server; is `wamock serve` still running?',
		};
	}

	// With this header the answer is the bot's own (any status), which the stream shows; without it wamock refused.
	if (response.ok || response.headers.has('x-wamock-outcome')) {
		return {ok: true};
	}

	const reason = errorMessage(await readJson(response), response.status);
	return {ok: false, input: response.status < 500, message: reason};
};
