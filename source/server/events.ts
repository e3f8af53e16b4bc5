import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Conversation} from '../core/conversation.js';
import {eventFrame} from './event-stream.js';

const heartbeatMs = 15_000;
// A browser tab that stopped reading must not make the server buffer the whole conversation for it.
const maxBuffered = 1024 * 1024;

/** Open event streams, so a shutdown can end them (they would otherwise keep the server open forever). */
export type Streams = {
	readonly add: (response: ServerResponse) => void;
	readonly endAll: () => void;
	readonly size: () => number;
};

export const createStreams = (): Streams => {
	const open = new Set<ServerResponse>();
	return {
		add(response) {
			open.add(response);
			response.once('close', () => open.delete(response));
		},
		endAll() {
			for (const response of open) {
				response.end();
			}

			open.clear();
		},
		size: () => open.size,
	};
};

/**
Where a (re)connecting client left off: the later of `?since=` and the browser's own `Last-Event-ID`
(EventSource reconnects with its first URL, so `since` alone would replay everything again).
*/
export const resumePoint = (request: IncomingMessage, since: number | undefined): number | undefined => {
	const header = request.headers['last-event-id'];
	const parsed =
		typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
	const lastEventId = parsed !== undefined && Number.isSafeInteger(parsed) ? parsed : undefined;
	if (since === undefined || lastEventId === undefined) {
		return since ?? lastEventId;
	}

	return Math.max(since, lastEventId);
};

/** `GET /api/events`: every new conversation entry, live, as Server-Sent Events. */
export const streamEvents = (
	request: IncomingMessage,
	response: ServerResponse,
	conversation: Conversation,
	streams: Streams,
	since: number | undefined,
): void => {
	response.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
		'x-content-type-options': 'nosniff',
		// Stops reverse proxies (nginx) from holding events back in a buffer.
		'x-accel-buffering': 'no',
	});
	request.socket.setNoDelay(true);
	// An idle stream is normal; only the heartbeat keeps proxies from cutting it.
	request.socket.setTimeout(0);

	let closed = false;
	const drop = () => {
		closed = true;
		response.destroy();
	};

	// A client may lag for one big entry (an envelope can be 3 MiB); one that still has not drained when
	// the next event comes and has over 1 MiB waiting has stopped reading.
	const write = (text: string) => {
		if (closed) {
			return;
		}

		if (response.writableNeedDrain && response.writableLength > maxBuffered) {
			drop();
			return;
		}

		response.write(text);
	};

	response.write('retry: 1000\n\n');
	const from = resumePoint(request, since);
	const backlog: string[] = [];
	if (from !== undefined) {
		// A client that knows a later seq than this server has talked to an earlier run: start it afresh.
		const afresh = from > conversation.lastSeq();
		if (afresh) {
			backlog.push(eventFrame({type: 'clear'}));
		}

		for (const entry of conversation.list(afresh ? 0 : from)) {
			backlog.push(eventFrame({type: 'entry', entry}));
		}
	}

	// The replay goes out at the client's pace, so a long history cannot trip the slow-client rule; events
	// that happen meanwhile wait behind it (subscribed in the same tick as the snapshot, so none is missed).
	let waiting = 0;
	let replaying = true;
	const queued: string[] = [];
	const replay = () => {
		while (!closed && backlog.length > 0) {
			if (!response.write(backlog.shift() ?? '')) {
				response.once('drain', replay);
				return;
			}
		}

		replaying = false;
		for (const text of queued.splice(0)) {
			write(text);
		}
	};

	const unsubscribe = conversation.subscribe((event) => {
		const text = eventFrame(event);
		if (!replaying) {
			write(text);
			return;
		}

		queued.push(text);
		waiting += text.length;
		if (waiting > maxBuffered) {
			drop();
		}
	});
	replay();
	const heartbeat = setInterval(() => {
		write(': ping\n\n');
	}, heartbeatMs);
	heartbeat.unref();
	streams.add(response);
	response.once('close', () => {
		closed = true;
		clearInterval(heartbeat);
		unsubscribe();
	});
	response.on('error', () => {
		// 'close' follows and cleans up; an unhandled 'error' would crash the process.
	});
};
