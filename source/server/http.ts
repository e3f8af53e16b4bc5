import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';

/** A failure that becomes `{"error":{"code","message"}}` with this status. */
export class HttpError extends Error {
	readonly status: number;
	readonly code: string;
	readonly headers: OutgoingHttpHeaders;

	constructor(status: number, code: string, message: string, headers: OutgoingHttpHeaders = {}) {
		super(message);
		this.name = 'HttpError';
		this.status = status;
		this.code = code;
		this.headers = headers;
	}
}

/** WhatsApp's largest webhook payload (PROTOCOL.md §1); the same bound serves every POST. */
export const bodyLimit = 3 * 1024 * 1024;

// A client that keeps uploading after its 413 is read and ignored this far (so it can read the 413),
// then cut off: a bounded drain, not an unbounded one.
const discardLimit = 8 * bodyLimit;

const tooLarge = (limit: number) =>
	new HttpError(413, 'body-too-large', `the request body is larger than ${limit} bytes (3 MiB)`);

/** Reads and drops what is left of a body after its 413, so the client sees the answer instead of a reset. */
const discardRest = (request: IncomingMessage): void => {
	let dropped = 0;
	request.removeAllListeners('data');
	request.on('data', (chunk: Buffer) => {
		dropped += chunk.length;
		if (dropped > discardLimit) {
			request.destroy();
		}
	});
	request.resume();
};

/** The body, at most `limit` bytes; past the limit (or a Content-Length over it) it rejects with a 413 at once. */
export const readBody = async (request: IncomingMessage, limit = bodyLimit): Promise<Buffer> =>
	new Promise((resolve, reject) => {
		const declared = Number(request.headers['content-length']);
		if (Number.isFinite(declared) && declared > limit) {
			discardRest(request);
			reject(tooLarge(limit));
			return;
		}

		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const settle = (error?: Error) => {
			if (!settled) {
				settled = true;
				if (error) {
					reject(error);
				} else {
					resolve(Buffer.concat(chunks, size));
				}
			}
		};

		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				chunks.length = 0;
				discardRest(request);
				settle(tooLarge(limit));
				return;
			}

			chunks.push(chunk);
		});
		request.on('end', () => {
			settle();
		});
		request.on('error', (error) => {
			settle(new HttpError(400, 'bad-request', `could not read the request body (${error.message})`));
		});
		// 'close' before 'end' means the client went away mid-body; nobody will read the answer, but settle anyway.
		// Every request closes, so the error (its stack trace is costly under load) is made only in that case.
		request.on('close', () => {
			if (!settled) {
				settle(new HttpError(400, 'bad-request', 'the client closed the connection before the body ended'));
			}
		});
	});

const canAnswer = (response: ServerResponse) => !response.headersSent && !response.destroyed;

export const sendBody = (
	response: ServerResponse,
	status: number,
	body: string | Buffer,
	headers: OutgoingHttpHeaders,
): void => {
	if (!canAnswer(response)) {
		return;
	}

	const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	// These statuses carry no body; writing one would break the response framing.
	const empty = status === 204 || status === 304 || (status >= 100 && status < 200);
	response.writeHead(status, {
		'x-content-type-options': 'nosniff',
		...headers,
		...(empty ? {} : {'content-length': bytes.length}),
	});
	response.end(empty ? undefined : bytes);
};

export const sendJson = (
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: OutgoingHttpHeaders = {},
): void => {
	// Serialised before any header goes out, so a failure here can still become a 500.
	const json = JSON.stringify(body);
	sendBody(response, status, json, {...headers, 'content-type': 'application/json; charset=utf-8'});
};

export const sendError = (
	response: ServerResponse,
	status: number,
	code: string,
	message: string,
	headers: OutgoingHttpHeaders = {},
): void => {
	sendJson(response, status, {error: {code, message}}, headers);
};

export const methodNotAllowed = (method: string | undefined, allow: readonly string[]): HttpError =>
	new HttpError(
		405,
		'method-not-allowed',
		`${method ?? 'this method'} is not allowed here; use ${allow.join(', ')}`,
		{
			allow: allow.join(', '),
		},
	);

/** Text of a JSON body; a byte-order mark is tolerated because some HTTP clients add one. */
export const parseJsonBody = (raw: Buffer): {text: string; value: unknown} => {
	const text = raw.toString('utf8');
	const trimmed = text.replace(/^\uFEFF/, '');
	if (trimmed.trim() === '') {
		throw new HttpError(400, 'invalid-json', 'the request body is empty; send JSON');
	}

	try {
		return {text, value: JSON.parse(trimmed) as unknown};
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new HttpError(400, 'invalid-json', `the request body is not valid JSON (${reason})`);
	}
};
