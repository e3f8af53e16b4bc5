import http from 'node:http';
import https from 'node:https';

// Node 20's fetch costs about three times what node:http does per request on loopback, and the forwarder is
// wamock's hot path; ky stays the client (its options and hooks) with this as its transport.
// noDelay: without it Nagle's algorithm holds small writes back for the peer's delayed ACK, about 40 ms on Linux.
const agentOptions = {
	keepAlive: true,
	noDelay: true,
	maxSockets: 256,
	maxFreeSockets: 256,
	scheduling: 'lifo',
} as const;
const agents = {'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions)};

/** Responses whose body was cut at the byte limit. */
const truncatedResponses = new WeakSet<Response>();

export const wasTruncated = (response: Response): boolean => truncatedResponses.has(response);

const toHeaders = (raw: http.IncomingHttpHeaders): Headers => {
	const headers = new Headers();
	for (const [name, value] of Object.entries(raw)) {
		for (const item of Array.isArray(value) ? value : [value ?? '']) {
			headers.append(name, item);
		}
	}

	return headers;
};

type Answer = {
	status: number;
	statusText: string;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	truncated: boolean;
};

const send = async (
	url: URL,
	body: Uint8Array,
	headers: Record<string, string>,
	signal: AbortSignal,
	maxBytes: number,
): Promise<Answer> =>
	new Promise((resolve, reject) => {
		const client = url.protocol === 'https:' ? https : http;
		const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
		const request = client.request(url, {
			method: 'POST',
			agent,
			signal,
			headers: {...headers, 'content-length': String(body.byteLength)},
		});
		request.once('error', reject);
		request.once('response', (response) => {
			const chunks: Buffer[] = [];
			let size = 0;
			const done = (truncated: boolean) => {
				resolve({
					status: response.statusCode ?? 0,
					statusText: response.statusMessage ?? '',
					headers: response.headers,
					body: Buffer.concat(chunks),
					truncated,
				});
			};

			response.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > maxBytes) {
					chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
					// The rest is not wanted: dropping the connection is cheaper than draining megabytes.
					request.destroy();
					done(true);
					return;
				}

				chunks.push(chunk);
			});
			response.once('end', () => {
				done(false);
			});
			response.once('error', reject);
			response.once('aborted', () => {
				reject(Object.assign(new Error('the bot closed the connection mid-response'), {code: 'ECONNRESET'}));
			});
		});
		request.end(body);
	});

/**
A POST on kept-alive node:http connections, answered as a fetch `Response` (for ky's `fetch` option).
The whole body is read here, up to `maxBytes`, under the same signal as the request.
*/
export const postOverHttp = async (
	url: string,
	body: Uint8Array,
	headers: Record<string, string>,
	signal: AbortSignal,
	maxBytes: number,
): Promise<Response> => {
	const answer = await send(new URL(url), body, headers, signal, maxBytes);
	if (answer.status < 200 || answer.status > 599) {
		throw new Error(`the bot answered with HTTP status ${answer.status}, which is not a final answer`);
	}

	const empty = answer.status === 204 || answer.status === 205 || answer.status === 304;
	const response = new Response(empty ? null : new Uint8Array(answer.body), {
		status: answer.status,
		statusText: answer.statusText,
		headers: toHeaders(answer.headers),
	});
	if (answer.truncated) {
		truncatedResponses.add(response);
	}

	return response;
};
