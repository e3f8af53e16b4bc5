import {isRecord} from './json.js';
import type {BotMessage} from './replies.js';

export type ReplyButton = {readonly id: string; readonly title: string};
export type ListRow = {readonly id: string; readonly title: string; readonly description?: string};
export type ListSection = {readonly title?: string; readonly rows: readonly ListRow[]};

/** A bot message reduced to what a chat view draws; every face (terminal, one-shot, web) renders this. */
export type ReplyView =
	| {readonly kind: 'text'; readonly body: string}
	| {
			readonly kind: 'buttons';
			readonly header?: string;
			readonly body: string;
			readonly footer?: string;
			readonly buttons: readonly ReplyButton[];
	  }
	| {
			readonly kind: 'list';
			readonly header?: string;
			readonly body: string;
			readonly footer?: string;
			readonly button: string;
			readonly sections: readonly ListSection[];
	  }
	| {readonly kind: 'card'; readonly label: string; readonly lines: readonly string[]};

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optional = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== '' ? value : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const nonEmpty = (lines: Array<string | undefined>): string[] =>
	lines.filter((line): line is string => line !== undefined && line !== '');

const headerText = (header: unknown): string | undefined => {
	const value = record(header);
	if (value['type'] === 'text' || typeof value['text'] === 'string') {
		return optional(value['text']);
	}

	const type = optional(value['type']);
	return type ? `[${type}]` : undefined;
};

const interactiveView = (interactive: Record<string, unknown>): ReplyView => {
	const action = record(interactive['action']);
	const header = headerText(interactive['header']);
	const body = text(record(interactive['body'])['text']);
	const footer = optional(record(interactive['footer'])['text']);
	const frame = {
		...(header === undefined ? {} : {header}),
		body,
		...(footer === undefined ? {} : {footer}),
	};
	switch (interactive['type']) {
		case 'button': {
			const buttons = list(action['buttons']).map((button) => {
				const reply = record(record(button)['reply']);
				return {id: text(reply['id']), title: text(reply['title'])};
			});
			return {kind: 'buttons', ...frame, buttons};
		}

		case 'list': {
			const sections = list(action['sections']).map((section) => {
				const value = record(section);
				const rows = list(value['rows']).map((row) => {
					const item = record(row);
					const description = optional(item['description']);
					return {id: text(item['id']), title: text(item['title']), ...(description ? {description} : {})};
				});
				const title = optional(value['title']);
				return {...(title ? {title} : {}), rows};
			});
			return {kind: 'list', ...frame, button: text(action['button']) || 'Menu', sections};
		}

		default: {
			const parameters = record(action['parameters']);
			const name = text(action['name']) || text(interactive['type']) || 'interactive';
			const detail =
				name === 'cta_url'
					? `${text(parameters['display_text'])} → ${text(parameters['url'])}`
					: name === 'flow'
						? `${text(parameters['flow_cta'])} (flow ${text(parameters['flow_id']) || text(parameters['flow_name'])})`
						: undefined;
			return {kind: 'card', label: name, lines: nonEmpty([header, body, detail, footer])};
		}
	}
};

const cardView = (message: BotMessage): ReplyView => {
	const content = message[message.type];
	const value = record(Array.isArray(content) ? content[0] : content);
	switch (message.type) {
		case 'image':
		case 'video':
		case 'audio':
		case 'document':
		case 'sticker': {
			const source =
				optional(value['link']) ?? (optional(value['id']) ? `media id ${text(value['id'])}` : undefined);
			return {
				kind: 'card',
				label: message.type,
				lines: nonEmpty([optional(value['filename']), optional(value['caption']), source]),
			};
		}

		case 'location': {
			const where = `${String(value['latitude'] ?? '?')}, ${String(value['longitude'] ?? '?')}`;
			return {
				kind: 'card',
				label: 'location',
				lines: nonEmpty([optional(value['name']), optional(value['address']), where]),
			};
		}

		case 'contacts': {
			const names = list(content).map((contact) => text(record(record(contact)['name'])['formatted_name']));
			return {kind: 'card', label: 'contacts', lines: nonEmpty(names)};
		}

		case 'template': {
			const language = text(record(value['language'])['code']);
			return {
				kind: 'card',
				label: 'template',
				lines: nonEmpty([`${text(value['name'])}${language ? ` (${language})` : ''}`]),
			};
		}

		case 'reaction': {
			return {kind: 'card', label: 'reaction', lines: [text(value['emoji']) || '(reaction removed)']};
		}

		default: {
			return {kind: 'card', label: message.type, lines: []};
		}
	}
};

export const replyView = (message: BotMessage): ReplyView => {
	if (message.type === 'text') {
		return {kind: 'text', body: text(record(message['text'])['body'])};
	}

	if (message.type === 'interactive') {
		return interactiveView(record(message['interactive']));
	}

	return cardView(message);
};
