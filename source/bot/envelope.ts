// Reads an inbound webhook envelope (PROTOCOL.md §1–3) from untrusted JSON. The bot is a sample that
// people copy, so it depends on nothing in wamock: a real bot would not either.

/** What a user sent, reduced to what the bot's conversation needs. */
export type InboundContent =
	| {readonly kind: 'text'; readonly body: string}
	| {readonly kind: 'button_reply'; readonly id: string; readonly title: string}
	| {readonly kind: 'list_reply'; readonly id: string; readonly title: string; readonly description?: string}
	| {readonly kind: 'template_button'; readonly payload: string; readonly text: string}
	| {readonly kind: 'other'; readonly type: string};

export type InboundMessage = {
	/** Undefined when the envelope had no `metadata.phone_number_id`; only needed to call the send API. */
	readonly phoneNumberId: string | undefined;
	readonly from: string;
	readonly id: string;
	readonly profileName: string | undefined;
	readonly content: InboundContent;
};

export type ParsedEnvelope =
	| {readonly ok: true; readonly messages: readonly InboundMessage[]; readonly statuses: number}
	| {readonly ok: false; readonly error: string};

type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Thrown inside the parser only; `parseEnvelope` turns it into an error value. */
class ShapeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ShapeError';
	}
}

const record = (value: unknown, path: string): Json => {
	if (!isRecord(value)) {
		throw new ShapeError(`${path} must be an object`);
	}

	return value;
};

const array = (value: unknown, path: string): unknown[] => {
	if (!Array.isArray(value)) {
		throw new ShapeError(`${path} must be an array`);
	}

	return value;
};

const string = (value: unknown, path: string): string => {
	if (typeof value !== 'string') {
		throw new ShapeError(`${path} must be a string`);
	}

	return value;
};

const optionalString = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : undefined;

const readInteractive = (interactive: Json, path: string): InboundContent => {
	const type = string(interactive['type'], `${path}.type`);
	if (type === 'button_reply') {
		const reply = record(interactive['button_reply'], `${path}.button_reply`);
		return {
			kind: 'button_reply',
			id: string(reply['id'], `${path}.button_reply.id`),
			title: string(reply['title'], `${path}.button_reply.title`),
		};
	}

	if (type === 'list_reply') {
		const reply = record(interactive['list_reply'], `${path}.list_reply`);
		const description = optionalString(reply['description']);
		return {
			kind: 'list_reply',
			id: string(reply['id'], `${path}.list_reply.id`),
			title: string(reply['title'], `${path}.list_reply.title`),
			...(description === undefined ? {} : {description}),
		};
	}

	return {kind: 'other', type};
};

const readContent = (message: Json, type: string, path: string): InboundContent => {
	if (type === 'text') {
		const text = record(message['text'], `${path}.text`);
		return {kind: 'text', body: string(text['body'], `${path}.text.body`)};
	}

	if (type === 'interactive') {
		return readInteractive(record(message['interactive'], `${path}.interactive`), `${path}.interactive`);
	}

	if (type === 'button') {
		const button = record(message['button'], `${path}.button`);
		const text = string(button['text'], `${path}.button.text`);
		// WhatsApp sends the label as payload when the template defined none; be lenient anyway.
		return {kind: 'template_button', text, payload: optionalString(button['payload']) ?? text};
	}

	return {kind: 'other', type};
};

const profileNameOf = (contacts: unknown, waId: string): string | undefined => {
	if (!Array.isArray(contacts)) {
		return undefined;
	}

	const names = contacts.filter((contact) => isRecord(contact));
	const contact = names.find((candidate) => candidate['wa_id'] === waId) ?? names[0];
	const profile = contact?.['profile'];
	const name = isRecord(profile) ? optionalString(profile['name'])?.trim() : undefined;
	return name === '' ? undefined : name;
};

const readValue = (value: Json, path: string, into: InboundMessage[]): number => {
	const metadata = value['metadata'];
	const phoneNumberId = isRecord(metadata) ? optionalString(metadata['phone_number_id']) : undefined;
	if (value['messages'] !== undefined) {
		for (const [index, item] of array(value['messages'], `${path}.messages`).entries()) {
			const itemPath = `${path}.messages[${index}]`;
			const message = record(item, itemPath);
			const from = string(message['from'], `${itemPath}.from`);
			const type = string(message['type'], `${itemPath}.type`);
			into.push({
				phoneNumberId,
				from,
				id: string(message['id'], `${itemPath}.id`),
				profileName: profileNameOf(value['contacts'], from),
				content: readContent(message, type, itemPath),
			});
		}
	}

	// Statuses need no answer; they are counted only so the log can say what arrived.
	return Array.isArray(value['statuses']) ? value['statuses'].length : 0;
};

/** Every message in every change of every entry, in order; an error naming the first bad field otherwise. */
export const parseEnvelope = (body: unknown): ParsedEnvelope => {
	try {
		const envelope = record(body, 'the envelope');
		if (envelope['entry'] === undefined) {
			throw new ShapeError('the envelope has no entry array (is this a webhook envelope?)');
		}

		const messages: InboundMessage[] = [];
		let statuses = 0;
		for (const [entryIndex, entry] of array(envelope['entry'], 'entry').entries()) {
			const entryPath = `entry[${entryIndex}]`;
			const changes = array(record(entry, entryPath)['changes'], `${entryPath}.changes`);
			for (const [changeIndex, change] of changes.entries()) {
				const changePath = `${entryPath}.changes[${changeIndex}]`;
				const value = record(record(change, changePath)['value'], `${changePath}.value`);
				statuses += readValue(value, `${changePath}.value`, messages);
			}
		}

		return {ok: true, messages, statuses};
	} catch (error) {
		if (error instanceof ShapeError) {
			return {ok: false, error: error.message};
		}

		throw error;
	}
};
