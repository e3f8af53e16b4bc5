import {isRecord} from './json.js';

const withTitle = (id: string, title: string): string =>
	title === '' || title === id ? id : `${id} (${title})`;

const field = (value: unknown, key: string): string => {
	const inner = isRecord(value) ? value[key] : undefined;
	return typeof inner === 'string' ? inner : '';
};

/** One line for what a user sent, as logs and transcripts show it: the text, or the reply id and title. */
export const describeInbound = (message: unknown): {type: string; summary: string} => {
	if (!isRecord(message)) {
		return {type: 'unknown', summary: ''};
	}

	const type = typeof message['type'] === 'string' ? message['type'] : 'unknown';
	switch (type) {
		case 'text': {
			return {type, summary: field(message['text'], 'body')};
		}

		case 'button': {
			const button = message['button'];
			return {type, summary: withTitle(field(button, 'payload'), field(button, 'text'))};
		}

		case 'interactive': {
			const interactive = message['interactive'];
			const kind = field(interactive, 'type');
			const reply = isRecord(interactive) ? interactive[kind] : undefined;
			return {
				type: kind === 'list_reply' ? 'list' : 'interactive',
				summary: withTitle(field(reply, 'id'), field(reply, 'title')),
			};
		}

		default: {
			return {type, summary: `[${type}]`};
		}
	}
};
