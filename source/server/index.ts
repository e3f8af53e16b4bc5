import {readFile} from 'node:fs/promises';
import http from 'node:http';
import type {Socket} from 'node:net';
import type {Duplex} from 'node:stream';
import type {Session} from '../session.js';
import {loadAssets} from './assets.js';
import {createStreams} from './events.js';
import {sendError} from './http.js';
import {createHandler} from './routes.js';

export type ServerOptions = {
	/** 0 picks any free port. */
	readonly port: number;
	/** Default 127.0.0.1; 0.0.0.0 in containers. */
	readonly host?: string;
	readonly session: Session;
	readonly log?: (line: string) => void;
	/** Reported by /health; read from package.json when not given. */
	readonly version?: string;
	/** The folder holding the built `web/` and `core/` folders; default: the one above this module. */
	readonly assetsRoot?: URL;
};

export type WamockServer = {
	readonly server: http.Server;
	/** e.g. http://127.0.0.1:8001, always numeric and reachable from this machine. */
	readonly url: string;
	readonly port: number;
	/** Stops accepting, ends event streams, lets requests in flight finish (at most 2 s), then resolves. */
	readonly close: () => Promise<void>;
};

const graceMs = 2000;

const packageVersion = async (): Promise<string> => {
	try {
		const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
		const {version} = JSON.parse(text) as {version?: unknown};
		return typeof version === 'string' ? version : '0.0.0';
	} catch {
		return '0.0.0';
	}
};

const clientErrorAnswers: Readonly<Record<string, string>> = {
	ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
	HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/** A JSON error written straight to a socket that never became a request, then the socket is dropped. */
const answerSocket = (socket: Duplex, status: string, code: string, message: string): void => {
	const body = JSON.stringify({error: {code, message}});
	const head = `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close`;
	socket.end(`${head}\r\n\r\n${body}`, () => {
		socket.destroy();
	});
	// A peer that never reads must not keep the socket forever.
	setTimeout(() => socket.destroy(), 1000).unref();
};

/** A request Node could not even parse: answer plainly if the socket still listens, then drop it. */
const onClientError = (error: NodeJS.ErrnoException, socket: Duplex): void => {
	if (error.code === 'ECONNRESET' || !socket.writable || socket.destroyed) {
		socket.destroy();
		return;
	}

	const status = clientErrorAnswers[error.code ?? ''] ?? '400 Bad Request';
	answerSocket(socket, status, 'bad-request', `could not parse the request (${error.code ?? error.message})`);
};

// Without a 'connect' listener Node closes a CONNECT request's socket with no answer at all.
const onConnect = (_request: http.IncomingMessage, socket: Duplex): void => {
	answerSocket(
		socket,
		'405 Method Not Allowed',
		'method-not-allowed',
		'CONNECT is not supported (wamock is no proxy)',
	);
};

/** The address a client on this machine can use: a wildcard bind is reached through loopback. */
const reachableUrl = (server: http.Server, host: string): {url: string; port: number} => {
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	const bound = typeof address === 'object' && address !== null ? address.address : host;
	const wildcard = bound === '0.0.0.0' || bound === '::' || bound === '';
	const name = wildcard ? '127.0.0.1' : bound.includes(':') ? `[${bound}]` : bound;
	return {url: `http://${name}:${port}`, port};
};

const listen = async (server: http.Server, port: number, host: string): Promise<void> =>
	new Promise((resolve, reject) => {
		const onError = (error: Error) => {
			reject(error);
		};

		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			resolve();
		});
	});

export const startServer = async (options: ServerOptions): Promise<WamockServer> => {
	const host = options.host ?? '127.0.0.1';
	const log = options.log ?? (() => undefined);
	const [assets, version] = await Promise.all([
		loadAssets(options.assetsRoot ?? new URL('../', import.meta.url)),
		options.version === undefined ? packageVersion() : Promise.resolve(options.version),
	]);
	const streams = createStreams();
	const handle = createHandler({session: options.session, assets, streams, version, log});
	let closing: Promise<void> | undefined;
	const answering = new Set<http.ServerResponse>();
	// Node's own answer to a request without Host has an empty body; the handler answers it as JSON instead.
	const server = http.createServer({requireHostHeader: false}, (request, response) => {
		if (closing !== undefined && request.socket.writableEnded) {
			// Shutting down and this connection was already ended as idle: no answer could reach the client,
			// so no work (no message to the bot) is started for the request.
			request.socket.destroy();
			return;
		}

		answering.add(response);
		response.once('close', () => answering.delete(response));
		if (closing !== undefined) {
			response.shouldKeepAlive = false;
		}

		handle(request, response);
	});
	server.requestTimeout = 60_000;
	server.headersTimeout = 20_000;
	server.keepAliveTimeout = 5000;
	server.on('clientError', onClientError);
	server.on('connect', onConnect);
	// Node's default answer to an unknown Expect is a 417 with no body.
	server.on('checkExpectation', (request: http.IncomingMessage, response: http.ServerResponse) => {
		sendError(
			response,
			417,
			'expectation-failed',
			`cannot meet "expect: ${request.headers.expect ?? ''}"; only 100-continue is supported`,
		);
	});

	await listen(server, options.port, host);
	server.on('error', (error) => {
		log(`✗ server error: ${error.message}`);
	});

	// Requests in flight per connection: a shutdown ends a connection as soon as it has none left. Node's own
	// closeIdleConnections misses connections that never sent a request (fetch opens spare ones).
	const active = new Map<Socket, number>();
	server.on('connection', (socket: Socket) => {
		active.set(socket, 0);
		socket.once('close', () => active.delete(socket));
	});
	server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
		const {socket} = request;
		active.set(socket, (active.get(socket) ?? 0) + 1);
		response.once('close', () => {
			const left = (active.get(socket) ?? 1) - 1;
			active.set(socket, left);
			if (closing && left === 0) {
				socket.end();
			}
		});
	});
	const close = async (): Promise<void> => {
		closing ??= new Promise<void>((resolve) => {
			const force = setTimeout(() => {
				server.closeAllConnections();
			}, graceMs);
			force.unref();
			server.close(() => {
				clearTimeout(force);
				resolve();
			});
			streams.endAll();
			// Answers still to come are their connection's last (Connection: close): a keep-alive client then
			// opens a new connection for its next request (and finds the port closed) instead of sending it
			// into a connection that ends under it, after wamock may already have passed it to the bot.
			for (const response of answering) {
				if (!response.headersSent) {
					response.shouldKeepAlive = false;
				}
			}

			for (const [socket, requests] of active) {
				if (requests === 0) {
					socket.end();
				}
			}
		});
		return closing;
	};

	return {server, ...reachableUrl(server, host), close};
};
