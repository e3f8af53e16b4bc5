import {isRecord} from './json.js';

/** A message a bot sends: a send-API body (PROTOCOL.md §6), kept as the bot wrote it. */
export type BotMessage = Record<string, unknown> & {type: string};

const replyTypes = new Set([
	'text',
	'interactive',
	'template',
	'image',
	'video',
	'audio',
	'document',
	'sticker',
	'location',
	'contacts',
	'reaction',
]);

/** A send-API message body: its `type` (text when absent, as WhatsApp assumes) names a key it carries. */
export const asBotMessage = (value: unknown): BotMessage | undefined => {
	if (!isRecord(value) || 'entry' in value) {
		return undefined;
	}

	const type = value['type'] ?? (isRecord(value['text']) ? 'text' : undefined);
	if (typeof type !== 'string' || !replyTypes.has(type) || !(type in value)) {
		return undefined;
	}

	return {...value, type};
};

/**
The replies a bot handed back in its webhook response (PROTOCOL.md §9.1): one send-API body,
`{"response": …}`, an array of them, or `{"messages": […]}`. Undefined when the body is none of these.
*/
export const repliesFromBody = (body: unknown, depth = 0): BotMessage[] | undefined => {
	if (depth > 3) {
		return undefined;
	}

	const single = asBotMessage(body);
	if (single) {
		return [single];
	}

	const list = Array.isArray(body)
		? body
		: isRecord(body) && Array.isArray(body['messages'])
			? body['messages']
			: undefined;
	if (list) {
		const messages = list.map((item) => asBotMessage(item));
		return messages.every((message) => message !== undefined) ? messages : undefined;
	}

	if (isRecord(body) && 'response' in body) {
		return repliesFromBody(body['response'], depth + 1);
	}

	return undefined;
};
