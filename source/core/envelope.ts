import {newWamid, unixSeconds} from './ids.js';
import {codePointLength, limits, truncateCodePoints} from './limits.js';

export const messageTypes = ['text', 'button', 'interactive', 'list'] as const;
export type MessageType = (typeof messageTypes)[number];

export const isMessageType = (value: unknown): value is MessageType =>
	typeof value === 'string' && (messageTypes as readonly string[]).includes(value);

/** What a user sends: for `text` the message is the text; for the other types it is the reply id (or payload). */
export type UserMessage = {
	readonly type: MessageType;
	readonly message: string;
	readonly title?: string;
	readonly description?: string;
	readonly contextId?: string;
};

/** Who sends, and to which business number. */
export type Identity = {
	readonly phone: string;
	readonly name: string;
	readonly phoneNumberId: string;
	readonly displayPhoneNumber: string;
	readonly wabaId: string;
};

export const defaultIdentity: Identity = {
	phone: '263778177125',
	name: 'Test User',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '15550783881',
	wabaId: '102290129340398',
};

export type InboundMessage = {
	from: string;
	id: string;
	timestamp: string;
	type: string;
	context?: {from: string; id: string};
	[body: string]: unknown;
};

export type Envelope = {
	object: 'whatsapp_business_account';
	entry: Array<{
		id: string;
		changes: Array<{
			field: 'messages';
			value: {
				messaging_product: 'whatsapp';
				metadata: {display_phone_number: string; phone_number_id: string};
				contacts: Array<{profile: {name: string}; wa_id: string}>;
				messages: InboundMessage[];
			};
		}>;
	}>;
};

export type BuildResult =
	| {ok: true; envelope: Envelope; message: InboundMessage}
	| {ok: false; error: string};

const phonePattern = /^\d{7,15}$/;

/** Phone numbers travel as digits only; people type `+263 77…`. */
export const normalisePhone = (phone: string): string => phone.replaceAll(/[\s+()-]/g, '');

const tooLong = (what: string, value: string, max: number): string | undefined =>
	codePointLength(value) > max
		? `${what} is ${codePointLength(value)} characters; WhatsApp allows at most ${max}`
		: undefined;

const checkMessage = (input: UserMessage): string | undefined => {
	if (!isMessageType(input.type)) {
		return `unknown message type "${String(input.type)}" (use one of: ${messageTypes.join(', ')})`;
	}

	if (typeof input.message !== 'string' || input.message.trim() === '') {
		return input.type === 'text' ? 'the message text is empty' : `the ${input.type} reply id is empty`;
	}

	switch (input.type) {
		case 'text': {
			return tooLong('the text', input.message, limits.textBody);
		}

		case 'button': {
			return tooLong('the button payload', input.message, limits.textBody);
		}

		case 'interactive': {
			return (
				tooLong('the button reply id', input.message, limits.buttonReplyId) ??
				(input.title === undefined ? undefined : tooLong('the button title', input.title, limits.buttonTitle))
			);
		}

		case 'list': {
			return (
				tooLong('the list row id', input.message, limits.listRowId) ??
				(input.title === undefined
					? undefined
					: tooLong('the list row title', input.title, limits.listRowTitle)) ??
				(input.description === undefined
					? undefined
					: tooLong('the list row description', input.description, limits.listRowDescription))
			);
		}
	}
};

const messageBody = (input: UserMessage): Record<string, unknown> => {
	const {message, title, description} = input;
	switch (input.type) {
		case 'text': {
			return {text: {body: message}};
		}

		case 'button': {
			return {button: {payload: message, text: title ?? message}};
		}

		case 'interactive': {
			const replyTitle = title ?? truncateCodePoints(message, limits.buttonTitle);
			return {interactive: {type: 'button_reply', button_reply: {id: message, title: replyTitle}}};
		}

		case 'list': {
			const row: Record<string, string> = {
				id: message,
				title: title ?? truncateCodePoints(message, limits.listRowTitle),
			};
			if (description !== undefined && description !== '') {
				row['description'] = description;
			}

			return {interactive: {type: 'list_reply', list_reply: row}};
		}
	}
};

/** Build the webhook envelope WhatsApp would POST to the bot for one user message (PROTOCOL.md §1–2). */
export const buildEnvelope = (
	input: UserMessage,
	identity: Partial<Identity> = {},
	now: number = Date.now(),
): BuildResult => {
	const who = {...defaultIdentity, ...identity};
	const phone = normalisePhone(who.phone);
	if (!phonePattern.test(phone)) {
		return {ok: false, error: `the phone number "${who.phone}" is not valid (7 to 15 digits, no +)`};
	}

	if (who.name.trim() === '') {
		return {ok: false, error: 'the profile name is empty'};
	}

	const problem = checkMessage(input);
	if (problem !== undefined) {
		return {ok: false, error: problem};
	}

	// Template quick-reply answers always quote the template message, so they always have a context.
	const contextId = input.contextId ?? (input.type === 'button' ? newWamid() : undefined);
	const message: InboundMessage = {
		...(contextId === undefined ? {} : {context: {from: who.displayPhoneNumber, id: contextId}}),
		from: phone,
		id: newWamid(),
		timestamp: unixSeconds(now),
		type: input.type === 'list' ? 'interactive' : input.type,
		...messageBody(input),
	};

	const envelope: Envelope = {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: who.wabaId,
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: {display_phone_number: who.displayPhoneNumber, phone_number_id: who.phoneNumberId},
							contacts: [{profile: {name: who.name}, wa_id: phone}],
							messages: [message],
						},
					},
				],
			},
		],
	};
	return {ok: true, envelope, message};
};
