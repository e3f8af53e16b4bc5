import type {Conversation, Entry, Via} from './core/conversation.js';
import {describeInbound} from './core/describe.js';
import {buildEnvelope, type Envelope, type InboundMessage, type UserMessage} from './core/envelope.js';
import {newWamid} from './core/ids.js';
import {isRecord, metaJson} from './core/json.js';
import {checkSendApiBody, sendApiErrorBody, sendApiSuccessBody} from './core/send-api.js';
import {resolveTarget, type Settings, type Target} from './core/targets.js';
import {type ForwardOutcome, forward} from './forward.js';
import {botLine, outcomeLine, sentLine} from './log.js';

export type SessionOptions = {
	readonly settings: Settings;
	readonly conversation: Conversation;
	readonly timeoutMs: number;
	readonly appSecret?: string;
	readonly log?: (line: string) => void;
	readonly verbose?: boolean;
};

export type SendRequest = {
	/** A configured target name; never a URL taken from a request. */
	readonly target?: string;
	readonly input: UserMessage;
	readonly phone?: string;
	readonly name?: string;
};

export type SendResult =
	| {readonly ok: true; readonly target: Target; readonly user: Entry; readonly outcome: ForwardOutcome}
	| {readonly ok: false; readonly status: 400; readonly error: string};

export type HttpAnswer = {readonly status: number; readonly body: unknown};

export type Session = {
	readonly settings: Settings;
	readonly conversation: Conversation;
	readonly targets: () => Target[];
	/** Build the envelope for a user message, forward it, and record everything that happens. */
	readonly send: (request: SendRequest) => Promise<SendResult>;
	/** Forward an envelope someone else built, byte for byte. */
	readonly forwardEnvelope: (
		targetName: string | undefined,
		envelope: Envelope,
		raw: string,
	) => Promise<SendResult>;
	/** A message a bot sent (send API or callback): checked like WhatsApp would, recorded, answered. */
	readonly receiveBotMessage: (body: unknown, via: Via) => HttpAnswer;
};

// Read defensively: an envelope from a request has only been checked for an `entry` array.
const firstMessage = (envelope: Envelope): {message: InboundMessage | undefined; name: string} => {
	const change: unknown = envelope.entry[0]?.changes?.[0];
	const value: Record<string, unknown> = isRecord(change) && isRecord(change['value']) ? change['value'] : {};
	const messages = value['messages'];
	const contacts = value['contacts'];
	const message =
		Array.isArray(messages) && isRecord(messages[0]) ? (messages[0] as InboundMessage) : undefined;
	const contact: Record<string, unknown> =
		Array.isArray(contacts) && isRecord(contacts[0]) ? contacts[0] : {};
	const profile: Record<string, unknown> = isRecord(contact['profile']) ? contact['profile'] : {};
	return {message, name: typeof profile['name'] === 'string' ? profile['name'] : ''};
};

/** A send-API reply counts as an answer to the user's last message only within this window. */
const answerWindowMs = 10 * 60 * 1000;

export const createSession = (options: SessionOptions): Session => {
	const {settings, conversation} = options;
	const log = options.log ?? (() => undefined);

	const recordBot = (body: unknown, via: Via, at = Date.now()): HttpAnswer => {
		const check = checkSendApiBody(body);
		if (check.kind === 'rejected') {
			conversation.add({kind: 'rejected', via, error: check.error, body}, at);
			log(`✗ bot message rejected (${via}): ${check.error.message}: ${check.error.details}`);
			if (options.verbose) {
				log(`  body: ${JSON.stringify(body)}`);
			}

			return {status: check.error.httpStatus, body: sendApiErrorBody(check.error, newWamid().slice(6, 33))};
		}

		if (check.kind === 'status') {
			const text = check.typing ? 'bot is typing…' : 'bot read the message';
			conversation.add({kind: 'status', text, messageId: check.messageId}, at);
			log(`· ${text}`);
			return {status: 200, body: {success: true}};
		}

		const to = isRecord(body) ? String(body['to']) : '';
		const wamid = newWamid();
		const last = conversation.lastUserMessage(to.replace('+', ''));
		const user = last && at - last.at <= answerWindowMs ? last : undefined;
		const latencyMs = user ? Math.max(0, at - user.at) : undefined;
		const message = {...check.body, type: check.type};
		conversation.add(
			{
				kind: 'bot',
				via,
				wamid,
				to,
				message,
				...(latencyMs === undefined ? {} : {latencyMs}),
				...(user ? {replyTo: user.seq} : {}),
			},
			at,
		);
		log(botLine(message, via, to, latencyMs));
		if (options.verbose) {
			log(`  body: ${JSON.stringify(body)}`);
		}

		return {status: 200, body: sendApiSuccessBody(to, wamid)};
	};

	const deliver = async (target: Target, envelope: Envelope, raw: string): Promise<SendResult> => {
		const {message, name} = firstMessage(envelope);
		const {type, summary} = describeInbound(message);
		const user = conversation.add({
			kind: 'user',
			target: target.name,
			url: target.url,
			phone: typeof message?.from === 'string' ? message.from : '',
			name,
			type,
			summary,
			message: message ?? ({} as InboundMessage),
			envelope,
		});
		if (message) {
			log(sentLine(message, name, target));
		}

		if (options.verbose) {
			log(`  body: ${raw}`);
		}

		const outcome = await forward(target, raw, {
			timeoutMs: options.timeoutMs,
			...(options.appSecret ? {appSecret: options.appSecret} : {}),
		});
		log(outcomeLine(outcome, target));
		if (options.verbose && 'rawBody' in outcome) {
			log(`  response: ${outcome.rawBody.slice(0, 10_000)}`);
		}

		const at = Date.now();
		if (outcome.kind === 'ok') {
			for (const reply of outcome.replies) {
				recordBot(reply, 'response', at);
			}

			const note = outcome.jsonError
				? `the bot's body is not valid JSON (${outcome.jsonError})`
				: outcome.truncated
					? 'the body was over 5 MiB and was cut'
					: undefined;
			conversation.add(
				{
					kind: 'delivered',
					replyTo: user.seq,
					target: target.name,
					status: outcome.status,
					latencyMs: outcome.latencyMs,
					replies: outcome.replies.length,
					...(outcome.replies.length === 0 && outcome.rawBody.trim() !== '' ? {body: outcome.body} : {}),
					...(note ? {note} : {}),
				},
				at,
			);
		} else {
			conversation.add(
				{
					kind: 'error',
					replyTo: user.seq,
					target: target.name,
					code: outcome.kind,
					status: outcome.status,
					message: outcome.message,
					latencyMs: outcome.latencyMs,
					...('body' in outcome ? {body: outcome.body} : {}),
				},
				at,
			);
		}

		return {ok: true, target, user, outcome};
	};

	const targetFor = (name: string | undefined) => resolveTarget(settings, name, {allowUrl: false});

	return {
		settings,
		conversation,
		targets: () => Object.entries(settings.targets).map(([name, url]) => ({name, url})),
		async send(request) {
			const target = targetFor(request.target);
			if (!target.ok) {
				return {ok: false, status: 400, error: target.error};
			}

			const built = buildEnvelope(request.input, {
				...settings.identity,
				...(request.phone ? {phone: request.phone} : {}),
				...(request.name ? {name: request.name} : {}),
			});
			if (!built.ok) {
				return {ok: false, status: 400, error: built.error};
			}

			return deliver(target.target, built.envelope, metaJson(built.envelope));
		},
		async forwardEnvelope(targetName, envelope, raw) {
			const target = targetFor(targetName);
			if (!target.ok) {
				return {ok: false, status: 400, error: target.error};
			}

			return deliver(target.target, envelope, raw);
		},
		receiveBotMessage: (body, via) => recordBot(body, via),
	};
};
