import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Envelope, MessageType} from '../core/envelope.js';
import {newWamid} from '../core/ids.js';
import {isRecord} from '../core/json.js';
import {isSendApiBody, sendApiErrorBody} from '../core/send-api.js';
import {invalidParameter} from '../core/send-api-rules.js';
import type {SendResult, Session} from '../session.js';
import {HttpError, parseJsonBody, readBody, sendBody, sendError, sendJson} from './http.js';

/** Marks an answer that is the bot's own (or a failure wamock recorded), as opposed to wamock refusing the request. */
export const outcomeHeader = 'x-wamock-outcome';
/** Set when the bot's body was over 5 MiB and what follows is only its start. */
export const truncatedHeader = 'x-wamock-truncated';
/** The conversation's last seq once the request was recorded, so a remote client can wait for its event stream. */
export const seqHeader = 'x-wamock-seq';

const invalid = (message: string) => new HttpError(400, 'invalid-input', message);

/** Just enough shape that the session can read the first message; anything stranger is refused, not crashed on. */
const envelopeProblem = (body: Record<string, unknown>): string | undefined => {
	const entry: unknown = body['entry'];
	if (!Array.isArray(entry) || entry.length === 0) {
		return '"entry" must be a non-empty array';
	}

	const first: unknown = entry[0];
	if (!isRecord(first) || !Array.isArray(first['changes'])) {
		return '"entry[0].changes" must be an array';
	}

	const change: unknown = first['changes'][0];
	const value = isRecord(change) ? change['value'] : undefined;
	if (!isRecord(value)) {
		return '"entry[0].changes[0].value" must be an object';
	}

	const {messages, contacts} = value;
	if (
		messages !== undefined &&
		(!Array.isArray(messages) || !messages.every((message) => isRecord(message)))
	) {
		return '"value.messages" must be an array of objects';
	}

	if (contacts !== undefined && !Array.isArray(contacts)) {
		return '"value.contacts" must be an array';
	}

	return undefined;
};

const optionalStrings = ['phone', 'name', 'title', 'description', 'contextId'] as const;

/** The short form `{type, message, phone?, name?, title?, description?, contextId?}`; the core module builds the rest. */
const shortForm = (body: Record<string, unknown>, target: string | undefined) => {
	const {type, message} = body;
	if (typeof type !== 'string' || typeof message !== 'string') {
		throw invalid(
			'the body is neither a webhook envelope (with "entry"), a send-API body (with "messaging_product"), ' +
				'nor the short form {"type","message","phone"?,"name"?,"title"?,"description"?,"contextId"?}',
		);
	}

	const fields: Partial<Record<(typeof optionalStrings)[number], string>> = {};
	for (const key of optionalStrings) {
		const value = body[key];
		if (value !== undefined && value !== null && typeof value !== 'string') {
			throw invalid(`"${key}" must be a string`);
		}

		if (typeof value === 'string' && value !== '') {
			fields[key] = value;
		}
	}

	const {phone, name, ...extra} = fields;
	return {
		...(target === undefined ? {} : {target}),
		// The core module checks the type; a wrong one comes back as a readable error.
		input: {type: type as MessageType, message, ...extra},
		...(phone === undefined ? {} : {phone}),
		...(name === undefined ? {} : {name}),
	};
};

const answerSend = (response: ServerResponse, session: Session, result: SendResult): void => {
	const seq = {[seqHeader]: String(session.conversation.lastSeq())};
	if (!result.ok) {
		throw new HttpError(400, 'invalid-input', result.error);
	}

	const {outcome} = result;
	if (outcome.kind === 'unreachable' || outcome.kind === 'timeout') {
		sendError(response, outcome.status, outcome.kind, outcome.message, seq);
		return;
	}

	// The bot's own status and body, as it sent them, so a caller sees exactly what WhatsApp would have seen.
	sendBody(response, outcome.status, outcome.rawBody, {
		'content-type': outcome.contentType === '' ? 'text/plain; charset=utf-8' : outcome.contentType,
		[outcomeHeader]: outcome.kind,
		// The body was cut at 5 MiB: without this a caller would take it for the bot's whole (broken) answer.
		...(outcome.truncated ? {[truncatedHeader]: 'true'} : {}),
		...seq,
	});
};

/** `POST /webhook` and `POST /bot/webhook`: an envelope, the short form, or a bot's send-API callback. */
export const handleWebhook = async (
	request: IncomingMessage,
	response: ServerResponse,
	session: Session,
	url: URL,
): Promise<void> => {
	const wanted = url.searchParams.get('target');
	const target = wanted === null || wanted === '' ? undefined : wanted;
	const {text, value} = parseJsonBody(await readBody(request));
	if (!isRecord(value)) {
		throw invalid('the body must be a JSON object');
	}

	if ('entry' in value) {
		const problem = envelopeProblem(value);
		if (problem !== undefined) {
			throw invalid(`not a webhook envelope: ${problem}`);
		}

		answerSend(response, session, await session.forwardEnvelope(target, value as Envelope, text));
		return;
	}

	if (isSendApiBody(value)) {
		const answer = session.receiveBotMessage(value, 'callback');
		sendJson(response, answer.status, answer.body, {[outcomeHeader]: 'callback'});
		return;
	}

	answerSend(response, session, await session.send(shortForm(value, target)));
};

/** `POST /vNN/{phone-number-id}/messages`: a bot replying the asynchronous way. */
export const handleSendApi = async (
	request: IncomingMessage,
	response: ServerResponse,
	session: Session,
	log: (line: string) => void,
): Promise<void> => {
	let body: unknown;
	try {
		body = parseJsonBody(await readBody(request)).value;
	} catch (error) {
		if (!(error instanceof HttpError) || error.code !== 'invalid-json') {
			throw error;
		}

		// WhatsApp answers a broken body with its own error shape; the bot's developer should see it happen.
		const problem = invalidParameter(error.message);
		session.conversation.add({kind: 'rejected', via: 'send-api', error: problem, body: null});
		log(`✗ bot message rejected (send-api): ${error.message}`);
		sendJson(response, problem.httpStatus, sendApiErrorBody(problem, newWamid().slice(6, 33)));
		return;
	}

	const answer = session.receiveBotMessage(body, 'send-api');
	sendJson(response, answer.status, answer.body);
};
