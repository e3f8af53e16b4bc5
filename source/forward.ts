import {createHmac} from 'node:crypto';
import ky from 'ky';
import {parseJson} from './core/json.js';
import {type BotMessage, repliesFromBody} from './core/replies.js';
import type {Target} from './core/targets.js';
import {networkCause} from './net-error.js';
import {postOverHttp, wasTruncated} from './transport.js';

export type ForwardOptions = {
	readonly timeoutMs?: number;
	/** Signs the body (X-Hub-Signature-256). Never logged or printed. */
	readonly appSecret?: string;
	readonly signal?: AbortSignal;
};

type Answer = {
	readonly status: number;
	readonly latencyMs: number;
	readonly contentType: string;
	/** The body as the bot sent it (cut at `maxBodyBytes`). */
	readonly rawBody: string;
	/** Parsed JSON when the body is JSON, otherwise the text. */
	readonly body: unknown;
	readonly truncated: boolean;
	/** Set when the bot said its body is JSON but it does not parse. */
	readonly jsonError?: string;
};

export type ForwardOutcome =
	| (Answer & {readonly kind: 'ok'; readonly replies: BotMessage[]})
	| (Answer & {readonly kind: 'bot-error'; readonly message: string})
	| {readonly kind: 'unreachable'; readonly status: 502; readonly latencyMs: number; readonly message: string}
	| {readonly kind: 'timeout'; readonly status: 504; readonly latencyMs: number; readonly message: string};

export const defaultTimeoutMs = 30_000;
/** Bots answer with a few KB; a runaway body must not fill memory. */
export const maxBodyBytes = 5 * 1024 * 1024;

export const signBody = (body: Uint8Array | string, appSecret: string): string =>
	`sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

/** `local bot at http://…`, or just `bot at http://…` for a target given as a URL. */
export const targetLabel = (target: Target): string =>
	target.name === target.url ? `bot at ${target.url}` : `${target.name} bot at ${target.url}`;

const describeStatus = (status: number, rawBody: string): string => {
	const snippet = rawBody.replaceAll(/\s+/g, ' ').trim().slice(0, 200);
	return `the bot answered ${status}${snippet === '' ? ' with an empty body' : `: ${snippet}`}`;
};

/**
POST one serialised envelope to a bot, the way WhatsApp does, and say what happened as a value.
The body is sent as given, so the signature covers exactly those bytes.
*/
export const forward = async (
	target: Target,
	body: string,
	options: ForwardOptions = {},
): Promise<ForwardOutcome> => {
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	const bytes = Buffer.from(body, 'utf8');
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		accept: 'application/json',
		'x-mock-testing': 'true',
		'user-agent': 'wamock',
	};
	if (options.appSecret) {
		headers['x-hub-signature-256'] = signBody(bytes, options.appSecret);
	}

	// One deadline for headers and body alike: a bot that drips its body slowly times out too.
	const deadline = AbortSignal.timeout(timeoutMs);
	const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
	const started = performance.now();
	const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
	try {
		// The body goes to the transport directly: given to ky, it would be copied into a web stream of a Request
		// that the transport never reads (that copy cost more than the whole node:http round trip).
		const response = await ky.post(target.url, {
			headers,
			retry: 0,
			timeout: false,
			throwHttpErrors: false,
			signal,
			// ky wraps the signal in an AbortSignal.any() that only it holds; on Node 20 a garbage collection can
			// drop that link mid-request, and the deadline then never reaches the transport (wamock hung on a
			// silent bot). The transport gets the signal this function holds instead.
			fetch: async () => postOverHttp(target.url, bytes, headers, signal, maxBodyBytes),
		});
		const truncated = wasTruncated(response);
		const text = await response.text();
		const contentType = response.headers.get('content-type') ?? '';
		// A cut body cannot parse; calling that "invalid JSON" would hide that it was cut.
		const parsed =
			!truncated && (contentType.includes('json') || /^\s*[[{]/.test(text)) ? parseJson(text) : undefined;
		const answer = {
			status: response.status,
			latencyMs: elapsed(),
			contentType,
			rawBody: text,
			body: parsed?.ok ? parsed.value : text,
			truncated,
			...(parsed && !parsed.ok && contentType.includes('json') ? {jsonError: parsed.error} : {}),
		};
		if (!response.ok) {
			return {...answer, kind: 'bot-error', message: describeStatus(response.status, text)};
		}

		return {...answer, kind: 'ok', replies: (parsed?.ok && repliesFromBody(parsed.value)) || []};
	} catch (error) {
		if (deadline.aborted) {
			return {
				kind: 'timeout',
				status: 504,
				latencyMs: elapsed(),
				message: `${targetLabel(target)} did not answer within ${timeoutMs} ms`,
			};
		}

		const cause = options.signal?.aborted ? 'cancelled' : networkCause(error);
		return {
			kind: 'unreachable',
			status: 502,
			latencyMs: elapsed(),
			message: `could not reach ${targetLabel(target)} (${cause})`,
		};
	}
};
