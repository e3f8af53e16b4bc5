import http, {type IncomingMessage, type ServerResponse} from 'node:http';
import {HttpError, readBody, sendBody, sendError, sendJson} from '../server/http.js';
import {createDelivery, type Delivery, type Outgoing} from './deliver.js';
import {parseEnvelope} from './envelope.js';
import {describeInbound, describeReply, replyTo} from './replies.js';

export type {InboundContent, InboundMessage} from './envelope.js';
export {parseEnvelope} from './envelope.js';
export type {ButtonMessage, ListMessage, ListRow, ListSection, ReplyButton, SendBody} from './replies.js';
export {listButton, listSections, menuButtons, replyTo} from './replies.js';

export type BotOptions = {
	/** Default 8000; 0 picks any free port. */
	readonly port?: number;
	readonly host?: string;
	readonly verifyToken?: string;
	/** Where the send API lives, e.g. http://localhost:8001; without it replies go back in the webhook response. */
	readonly graphUrl?: string;
	readonly accessToken?: string;
	readonly graphVersion?: string;
	readonly log?: (line: string) => void;
};

export type Bot = {
	readonly server: http.Server;
	/** The full webhook URL, e.g. http://127.0.0.1:8000/bot/webhook. */
	readonly url: string;
	readonly port: number;
	readonly close: () => Promise<void>;
};

export const webhookPath = '/bot/webhook';
export const defaultVerifyToken = 'wamock-verify-token';
export const defaultAccessToken = 'wamock-demo-token';

// WhatsApp's largest webhook payload (PROTOCOL.md §1).
const bodyLimit = 3 * 1024 * 1024;

type Context = {
	readonly verifyToken: string;
	readonly delivery: Delivery | undefined;
	readonly log: (line: string) => void;
};

const verify = (request: URL, response: ServerResponse, context: Context): void => {
	const {searchParams} = request;
	if (
		searchParams.get('hub.mode') !== 'subscribe' ||
		searchParams.get('hub.verify_token') !== context.verifyToken
	) {
		context.log('✗ webhook verification refused: wrong hub.mode or hub.verify_token');
		sendError(response, 403, 'forbidden', 'verification failed: wrong hub.mode or hub.verify_token');
		return;
	}

	const challenge = searchParams.get('hub.challenge');
	if (challenge === null) {
		sendError(response, 400, 'bad-request', 'verification failed: hub.challenge is missing');
		return;
	}

	context.log('✓ webhook verified');
	sendBody(response, 200, challenge, {'content-type': 'text/plain; charset=utf-8'});
};

const receive = async (
	request: IncomingMessage,
	response: ServerResponse,
	context: Context,
): Promise<void> => {
	const raw = await readBody(request, bodyLimit);
	let body: unknown;
	try {
		body = JSON.parse(raw.toString('utf8'));
	} catch {
		throw new HttpError(400, 'invalid-json', 'the body is not valid JSON');
	}

	const parsed = parseEnvelope(body);
	if (!parsed.ok) {
		throw new HttpError(400, 'invalid-envelope', `not a webhook envelope: ${parsed.error}`);
	}

	if (parsed.statuses > 0) {
		context.log(`← ${parsed.statuses} status update(s), nothing to answer`);
	}

	const replies: Outgoing[] = parsed.messages.map((message) => {
		context.log(`← ${describeInbound(message)}`);
		return {phoneNumberId: message.phoneNumberId, body: replyTo(message)};
	});

	if (context.delivery) {
		sendJson(response, 200, {ok: true});
		context.delivery.enqueue(replies);
		return;
	}

	const testing = request.headers['x-mock-testing'];
	if (typeof testing === 'string' && testing.trim().toLowerCase() === 'true') {
		for (const {body: reply} of replies) {
			context.log(`→ ${describeReply(reply)} to ${reply.to} (in the webhook response)`);
		}

		sendJson(response, 200, {messages: replies.map((reply) => reply.body)});
		return;
	}

	for (const {body: reply} of replies) {
		context.log(
			`✗ dropped ${describeReply(reply)} to ${reply.to}: no graphUrl set and no X-Mock-Testing header`,
		);
	}

	sendJson(response, 200, {ok: true});
};

const methodNotAllowed = (response: ServerResponse, method: string | undefined, allow: string): void => {
	sendError(
		response,
		405,
		'method-not-allowed',
		`${method ?? 'this method'} is not allowed here; use ${allow}`,
		{allow},
	);
};

const route = async (request: IncomingMessage, response: ServerResponse, context: Context): Promise<void> => {
	let url: URL;
	try {
		url = new URL(request.url ?? '/', 'http://bot.invalid');
	} catch {
		throw new HttpError(400, 'bad-request', 'the request URL is not valid');
	}

	const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
	if (path === webhookPath) {
		if (request.method === 'GET') {
			verify(url, response, context);
		} else if (request.method === 'POST') {
			await receive(request, response, context);
		} else {
			methodNotAllowed(response, request.method, 'GET, POST');
		}

		return;
	}

	if (path === '/health') {
		if (request.method === 'GET') {
			sendJson(response, 200, {ok: true, name: 'wamock-sample-bot'});
		} else {
			methodNotAllowed(response, request.method, 'GET');
		}

		return;
	}

	sendError(response, 404, 'not-found', `nothing at ${path}; the webhook is ${webhookPath}`);
};

const fail = (response: ServerResponse, error: unknown, log: (line: string) => void): void => {
	if (error instanceof HttpError) {
		sendError(response, error.status, error.code, error.message, error.headers);
		return;
	}

	log(`✗ internal error: ${error instanceof Error ? error.message : String(error)}`);
	if (response.headersSent) {
		response.destroy();
	} else {
		sendError(response, 500, 'internal-error', 'the sample bot failed; see its log');
	}
};

const listen = async (
	server: http.Server,
	port: number,
	host: string,
	log: (line: string) => void,
): Promise<number> =>
	new Promise((resolve, reject) => {
		const onError = (error: NodeJS.ErrnoException) => {
			const reason = error.code === 'EADDRINUSE' ? 'address already in use' : (error.code ?? error.message);
			reject(new Error(`could not start the sample bot on ${host}:${port} (${reason})`));
		};

		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			server.on('error', (error) => {
				log(`✗ server error: ${error.message}`);
			});
			const address = server.address();
			resolve(typeof address === 'object' && address !== null ? address.port : port);
		});
	});

export const startBot = async (options: BotOptions = {}): Promise<Bot> => {
	const host = options.host ?? '127.0.0.1';
	const log = options.log ?? (() => {});
	const delivery =
		options.graphUrl === undefined
			? undefined
			: createDelivery({
					graphUrl: options.graphUrl,
					graphVersion: options.graphVersion ?? 'v23.0',
					accessToken: options.accessToken ?? defaultAccessToken,
					log,
				});
	const context: Context = {verifyToken: options.verifyToken ?? defaultVerifyToken, delivery, log};

	const server = http.createServer((request, response) => {
		route(request, response, context).catch((error: unknown) => {
			fail(response, error, log);
		});
	});
	// A client that hangs up mid-request must not take the bot down with it.
	server.on('clientError', (_error, socket) => {
		if (socket.writable) {
			socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
		} else {
			socket.destroy();
		}
	});

	const port = await listen(server, options.port ?? 8000, host, log);
	const urlHost = host.includes(':') ? `[${host}]` : host;
	let closed: Promise<void> | undefined;

	return {
		server,
		url: `http://${urlHost}:${port}${webhookPath}`,
		port,
		async close() {
			closed ??= (async () => {
				const stopped = new Promise<void>((resolve) => {
					server.close(() => {
						resolve();
					});
				});
				server.closeIdleConnections();
				await delivery?.close();
				server.closeAllConnections();
				await stopped;
			})();
			await closed;
		},
	};
};
