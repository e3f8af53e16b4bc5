import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';

/** An error that becomes a JSON response with this status. */
export class HttpError extends Error {
	readonly status: number;

	constructor(status: number, message: string) {
		super(message);
		this.name = 'HttpError';
		this.status = status;
	}
}

// Past this, a client that keeps sending after its body grew too large is cut off instead of drained.
const drainFactor = 8;

/**
The request body, at most `limit` bytes. A larger body is read to its end and discarded before the
413 goes out: answering while the client still uploads would reset the connection under it, and the
client would see a reset instead of the 413.
*/
export const readBody = async (request: IncomingMessage, limit: number): Promise<Buffer> =>
	new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const tooLarge = () => new HttpError(413, `request body is larger than ${limit} bytes`);
		const settle = (error: Error | undefined) => {
			if (settled) {
				return;
			}

			settled = true;
			if (error) {
				reject(error);
			} else {
				resolve(Buffer.concat(chunks, size));
			}
		};

		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit * drainFactor) {
				settle(tooLarge());
				request.destroy();
			} else if (size <= limit) {
				chunks.push(chunk);
			}
		});
		request.on('end', () => {
			settle(size > limit ? tooLarge() : undefined);
		});
		request.on('error', (error) => {
			settle(new HttpError(400, `could not read the request body (${error.message})`));
		});
		// 'close' before 'end' means the client went away mid-body.
		request.on('close', () => {
			settle(new HttpError(400, 'the client closed the connection before sending the whole body'));
		});
	});

export const sendJson = (
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: OutgoingHttpHeaders = {},
): void => {
	if (response.headersSent || response.destroyed) {
		return;
	}

	// Serialised before any header is written, so a failure here can still become a 500.
	const json = JSON.stringify(body);
	response.writeHead(status, {
		...headers,
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(json),
	});
	response.end(json);
};

export const sendText = (response: ServerResponse, status: number, text: string): void => {
	if (response.headersSent || response.destroyed) {
		return;
	}

	response.writeHead(status, {
		'content-type': 'text/plain; charset=utf-8',
		'content-length': Buffer.byteLength(text),
	});
	response.end(text);
};

export const sendError = (
	response: ServerResponse,
	status: number,
	message: string,
	headers: OutgoingHttpHeaders = {},
): void => {
	sendJson(response, status, {error: {message}}, headers);
};
