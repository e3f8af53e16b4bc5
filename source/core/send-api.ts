import {isRecord} from './json.js';
import {checkPayload, messageTypes} from './send-api-payload.js';
import {
	checkText,
	field,
	invalidParameter,
	missingParameter,
	objectProblem,
	type Problem,
	type SendApiError,
	unsupportedType,
} from './send-api-rules.js';

export type {SendApiError} from './send-api-rules.js';

export type SendApiCheck =
	| {kind: 'message'; type: string; body: Record<string, unknown>}
	| {kind: 'status'; status: 'read'; messageId: string; typing: boolean}
	| {kind: 'rejected'; error: SendApiError};

export type SendApiErrorBody = {
	error: {
		message: string;
		type: 'OAuthException';
		code: number;
		error_data: {messaging_product: 'whatsapp'; details: string};
		fbtrace_id: string;
	};
};

export type SendApiSuccessBody = {
	messaging_product: 'whatsapp';
	contacts: Array<{input: string; wa_id: string}>;
	messages: Array<{id: string}>;
};

const checkReadStatus = (body: Record<string, unknown>): SendApiCheck => {
	const problem = checkText(field(body, 'message_id'), {
		path: 'message_id',
		label: 'Message id',
		max: 1024,
		emptyIsMissing: true,
	});
	if (problem) {
		return {kind: 'rejected', error: problem};
	}

	const typing = field(body, 'typing_indicator');
	return {
		kind: 'status',
		status: 'read',
		messageId: field(body, 'message_id') as string,
		typing: typing !== undefined && typing !== null,
	};
};

const checkEnvelope = (body: Record<string, unknown>): Problem => {
	const to = field(body, 'to');
	if (to === undefined || to === null || to === '') {
		return missingParameter('to');
	}

	if (typeof to !== 'string' || !/^\+?\d+$/.test(to)) {
		return invalidParameter(
			`The parameter to must be a phone number: digits, optionally after a leading '+'. Got: ${JSON.stringify(to)}`,
		);
	}

	const context = field(body, 'context');
	if (context === undefined) {
		return undefined;
	}

	return isRecord(context)
		? checkText(field(context, 'message_id'), {
				path: 'context.message_id',
				label: 'Context message id',
				max: 1024,
				emptyIsMissing: true,
			})
		: objectProblem(context, 'context');
};

/** Checks what a bot POSTs to /vNN/{phone-number-id}/messages the way the Cloud API does (PROTOCOL.md §6). */
export function checkSendApiBody(body: unknown): SendApiCheck {
	const rejected = (error: SendApiError): SendApiCheck => ({kind: 'rejected', error});
	if (!isRecord(body)) {
		return rejected(invalidParameter('The request body must be a JSON object.'));
	}

	const product = field(body, 'messaging_product');
	if (product !== 'whatsapp') {
		return rejected(
			invalidParameter(
				product === undefined
					? 'The parameter messaging_product is required.'
					: `The parameter messaging_product must be 'whatsapp'. Got: ${JSON.stringify(product)}`,
			),
		);
	}

	const status = field(body, 'status');
	if (status !== undefined) {
		return status === 'read'
			? checkReadStatus(body)
			: rejected(invalidParameter(`The parameter status must be 'read'. Got: ${JSON.stringify(status)}`));
	}

	const envelopeProblem = checkEnvelope(body);
	if (envelopeProblem) {
		return rejected(envelopeProblem);
	}

	const type = field(body, 'type') ?? 'text';
	if (typeof type !== 'string' || !messageTypes.has(type)) {
		return rejected(unsupportedType(`Message type ${JSON.stringify(type)} is not supported.`));
	}

	const payload = body[type];
	const problem = checkPayload(type, payload);
	return problem ? rejected(problem) : {kind: 'message', type, body: {...body, type}};
}

export function sendApiErrorBody(error: SendApiError, fbtraceId: string): SendApiErrorBody {
	return {
		error: {
			message: error.message,
			type: 'OAuthException',
			code: error.code,
			error_data: {messaging_product: 'whatsapp', details: error.details},
			fbtrace_id: fbtraceId,
		},
	};
}

export function sendApiSuccessBody(to: string, wamid: string): SendApiSuccessBody {
	// WhatsApp answers with the number as the bot wrote it and the bare digits as the wa_id.
	return {
		messaging_product: 'whatsapp',
		contacts: [{input: to, wa_id: to.replace(/\D/g, '')}],
		messages: [{id: wamid}],
	};
}

/** A send-API body posted where a webhook would be expected (PROTOCOL.md §9.2), told apart from an inbound envelope. */
export function isSendApiBody(body: unknown): boolean {
	if (!isRecord(body) || 'entry' in body || field(body, 'messaging_product') === undefined) {
		return false;
	}

	return (
		field(body, 'to') !== undefined ||
		field(body, 'status') !== undefined ||
		field(body, 'message_id') !== undefined
	);
}
