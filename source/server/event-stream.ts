import {type ConversationEvent, entryJson} from '../core/conversation.js';

/** The wire format of `GET /api/events`, both ends of it: the server writes frames, remote clients parse them. */

export type StreamEvent = {readonly event: string; readonly data: string; readonly id?: string};

export const eventFrame = (event: ConversationEvent): string =>
	event.type === 'clear'
		? 'event: clear\ndata: {}\n\n'
		: `id: ${event.entry.seq}\nevent: entry\ndata: ${entryJson(event.entry)}\n\n`;

/**
A line parser for `text/event-stream`: enough of the spec for wamock's own stream (event, data, id, retry,
comments). Feed it text as it arrives; chunks may split lines anywhere.
*/
export const createEventParser = (onEvent: (event: StreamEvent) => void, onRetry: (ms: number) => void) => {
	let buffer = '';
	let event = '';
	let data: string[] = [];
	let id: string | undefined;
	const line = (text: string) => {
		if (text === '') {
			if (data.length > 0) {
				onEvent({event: event || 'message', data: data.join('\n'), ...(id === undefined ? {} : {id})});
			}

			event = '';
			data = [];
			return;
		}

		const colon = text.indexOf(':');
		if (colon === 0) {
			return;
		}

		const name = colon === -1 ? text : text.slice(0, colon);
		const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
		if (name === 'event') {
			event = value;
		} else if (name === 'data') {
			data.push(value);
		} else if (name === 'id') {
			id = value;
		} else if (name === 'retry' && /^\d+$/.test(value)) {
			onRetry(Number(value));
		}
	};

	return (chunk: string): void => {
		buffer += chunk;
		// Split on LF only and drop a CR before it: a CRLF cut between two chunks still counts once.
		let end = buffer.indexOf('\n');
		while (end !== -1) {
			line(buffer.slice(0, end).replace(/\r$/, ''));
			buffer = buffer.slice(end + 1);
			end = buffer.indexOf('\n');
		}
	};
};
