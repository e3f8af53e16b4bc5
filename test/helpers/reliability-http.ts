import http from 'node:http';
import net from 'node:net';

export type Exchange = {
	readonly status: number;
	readonly headers: http.IncomingHttpHeaders;
	readonly body: Buffer;
};

export type Outcome = Exchange | {readonly error: string};

export type RequestSpec = {
	readonly method: string;
	readonly path: string;
	readonly headers?: Readonly<Record<string, string>>;
	readonly body?: Buffer | string;
	/** Sends the body with Transfer-Encoding: chunked (no Content-Length), in pieces of this size. */
	readonly chunkSize?: number;
};

/** One request over `agent` to 127.0.0.1:`port`; network failures come back as `{error}`, never as a throw. */
export const send = async (
	agent: http.Agent,
	port: number,
	spec: RequestSpec,
	timeoutMs = 10_000,
): Promise<Outcome> =>
	new Promise((resolve) => {
		const body = typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : spec.body;
		const headers: Record<string, string | number> = {...spec.headers};
		if (body !== undefined && spec.chunkSize === undefined && headers['content-length'] === undefined) {
			headers['content-length'] = body.length;
		}

		const request = http.request(
			{agent, host: '127.0.0.1', port, method: spec.method, path: spec.path, headers},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks)});
				});
				response.on('error', (error) => {
					resolve({error: `response: ${error.message}`});
				});
			},
		);
		request.on('error', (error: NodeJS.ErrnoException) => {
			resolve({error: error.code ?? error.message});
		});
		// Every case ends by itself: a server that goes quiet is a failure to report, not a hang.
		request.setTimeout(timeoutMs, () => {
			request.destroy(new Error(`no answer within ${timeoutMs} ms`));
		});
		if (body === undefined) {
			request.end();
			return;
		}

		if (spec.chunkSize === undefined) {
			request.end(body);
			return;
		}

		for (let start = 0; start < body.length; start += spec.chunkSize) {
			request.write(body.subarray(start, start + spec.chunkSize));
		}

		request.end();
	});

/**
What a raw socket got back: everything until the first complete response (then it is closed), the server
closed it, or `waitMs` passed.
*/
export const rawExchange = async (
	port: number,
	bytes: Buffer | string,
	{halfClose = false, waitMs = 3000}: {halfClose?: boolean; waitMs?: number} = {},
): Promise<{text: string; error?: string; timedOut: boolean}> =>
	new Promise((resolve) => {
		let text = '';
		let error: string | undefined;
		let timedOut = false;
		const socket = net.connect(port, '127.0.0.1', () => {
			socket.write(bytes);
			if (halfClose) {
				socket.end();
			}
		});
		const timer = setTimeout(() => {
			timedOut = true;
			socket.destroy();
		}, waitMs);
		socket.on('data', (chunk: Buffer) => {
			text += chunk.toString('latin1');
			const parsed = parseRaw(text);
			if (parsed && parsed.body.length >= Number(parsed.headers['content-length'] ?? 0)) {
				socket.destroy();
			}
		});
		socket.on('error', (failure: NodeJS.ErrnoException) => {
			error = failure.code ?? failure.message;
		});
		socket.on('close', () => {
			clearTimeout(timer);
			resolve({text, timedOut, ...(error === undefined ? {} : {error})});
		});
	});

/** The first response in raw HTTP/1.1 text: its status, lower-cased headers and (Content-Length framed) body. */
export const parseRaw = (whole: string): Exchange | undefined => {
	// Interim answers (100 Continue) come before the real one.
	const text = whole.replace(/^(?:HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n)+/, '');
	const headEnd = text.indexOf('\r\n\r\n');
	const match = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
	if (headEnd === -1 || !match) {
		return undefined;
	}

	const headers: http.IncomingHttpHeaders = {};
	for (const line of text.slice(0, headEnd).split('\r\n').slice(1)) {
		const colon = line.indexOf(':');
		headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}

	const length = Number(headers['content-length'] ?? 0);
	const body = Buffer.from(text.slice(headEnd + 4, headEnd + 4 + length), 'latin1');
	return {status: Number(match[1]), headers, body};
};

/**
Why an answer is not a JSON error, or undefined when it is one: wamock's own `{error: {code, message}}`, or
the Cloud API's `{error: {message, code: number}}` on the send API. HEAD answers carry no body to check.
*/
export const jsonErrorProblem = (exchange: Exchange, method = 'GET'): string | undefined => {
	const type = String(exchange.headers['content-type'] ?? '');
	if (!type.startsWith('application/json')) {
		return `content-type is "${type}"`;
	}

	if (method === 'HEAD') {
		return undefined;
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(exchange.body.toString('utf8'));
	} catch {
		return `body is not JSON: ${exchange.body.toString('utf8').slice(0, 120)}`;
	}

	const error =
		typeof parsed === 'object' && parsed !== null ? (parsed as {error?: unknown}).error : undefined;
	if (typeof error !== 'object' || error === null) {
		return `no "error" object in ${JSON.stringify(parsed).slice(0, 120)}`;
	}

	const {code, message} = error as {code?: unknown; message?: unknown};
	const codeOk = typeof code === 'string' || typeof code === 'number';
	return codeOk && typeof message === 'string' ? undefined : `bad error shape ${JSON.stringify(error)}`;
};

/** The `error.code` of a JSON error body, for precise assertions. */
export const errorCode = (exchange: Exchange): string | number | undefined => {
	try {
		const parsed = JSON.parse(exchange.body.toString('utf8')) as {error?: {code?: string | number}};
		return parsed.error?.code;
	} catch {
		return undefined;
	}
};
