import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Session} from '../session.js';
import {type Assets, serveAsset} from './assets.js';
import {type Streams, streamEvents} from './events.js';
import {HttpError, methodNotAllowed, sendError, sendJson} from './http.js';
import {handleSendApi, handleWebhook} from './webhook.js';

export type RouteContext = {
	readonly session: Session;
	readonly assets: Assets;
	readonly streams: Streams;
	readonly version: string;
	readonly log: (line: string) => void;
};

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;
type Methods = Readonly<Partial<Record<string, Handler>>>;

/** Any Graph API version, as bots pin different ones (PROTOCOL.md §6). */
const sendApiPath = /^\/v\d+(?:\.\d+)?\/[^/]+\/messages$/;

const sinceParameter = (url: URL): number | undefined => {
	const raw = url.searchParams.get('since');
	if (raw === null || raw === '') {
		return undefined;
	}

	const since = Number(raw);
	if (!/^\d+$/.test(raw) || !Number.isSafeInteger(since)) {
		throw new HttpError(400, 'invalid-input', `"since" must be a whole number (a seq), got "${raw}"`);
	}

	return since;
};

const routeTable = (context: RouteContext): ReadonlyMap<string, Methods> => {
	const {session, assets, streams, version, log} = context;
	const {conversation} = session;
	const clear: Handler = (_request, response) => {
		conversation.clear();
		sendJson(response, 200, {ok: true});
	};

	const webhook: Methods = {
		POST: async (request, response, url) => handleWebhook(request, response, session, url),
	};
	return new Map<string, Methods>([
		['/webhook', webhook],
		['/bot/webhook', webhook],
		[
			'/api/messages',
			{
				GET(_request, response, url) {
					const entries = conversation.list(sinceParameter(url));
					sendJson(response, 200, {entries, lastSeq: conversation.lastSeq()});
				},
				DELETE: clear,
			},
		],
		// The original tool's page cleared the chat with a plain GET; its clients still do.
		['/clear-conversation', {GET: clear}],
		[
			'/api/events',
			{
				GET(request, response, url) {
					streamEvents(request, response, conversation, streams, sinceParameter(url));
				},
			},
		],
		[
			'/api/targets',
			{
				GET(_request, response) {
					const {settings} = session;
					sendJson(response, 200, {
						targets: session.targets(),
						defaultTarget: settings.defaultTarget,
						identity: settings.identity,
					});
				},
			},
		],
		[
			'/health',
			{
				GET(_request, response) {
					sendJson(response, 200, {ok: true, name: 'wamock', version});
				},
			},
		],
		[
			'/',
			{
				GET(_request, response) {
					serveAsset(response, assets, '/');
				},
			},
		],
		[
			'send-api',
			{
				POST: async (request, response) => handleSendApi(request, response, session, log),
			},
		],
	]);
};

const routeKey = (path: string, assets: Assets): string | undefined => {
	if (sendApiPath.test(path)) {
		return 'send-api';
	}

	return assets.has(path) && path !== '/' ? 'asset' : path;
};

/** The request listener: routes, and turns every failure into a JSON answer instead of a crash. */
export const createHandler = (context: RouteContext) => {
	const routes = routeTable(context);
	const assetRoute: Methods = {
		GET(_request, response, url) {
			serveAsset(response, context.assets, url.pathname);
		},
	};

	const dispatch = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
		// Node's own Host check is off because its answer has no body; HTTP/1.1 still requires the header.
		if (request.httpVersion === '1.1' && request.headers.host === undefined) {
			throw new HttpError(400, 'bad-request', 'an HTTP/1.1 request needs a Host header');
		}

		let url: URL;
		try {
			url = new URL(request.url ?? '/', 'http://wamock.invalid');
		} catch {
			throw new HttpError(400, 'bad-request', 'the request URL is not valid');
		}

		const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
		const key = routeKey(path, context.assets);
		const methods = key === 'asset' ? assetRoute : key === undefined ? undefined : routes.get(key);
		if (methods === undefined) {
			throw new HttpError(404, 'not-found', `nothing at ${path}`);
		}

		const handler = methods[request.method ?? ''];
		if (handler === undefined) {
			throw methodNotAllowed(request.method, Object.keys(methods));
		}

		await handler(request, response, url);
	};

	return (request: IncomingMessage, response: ServerResponse): void => {
		request.on('error', () => {
			// Reading code reports its own failure; this only keeps a reset connection from crashing the process.
		});
		response.on('error', () => {
			// Same: a client that went away mid-answer is not the server's failure.
		});
		dispatch(request, response).catch((error: unknown) => {
			const where = `${request.method ?? '?'} ${(request.url ?? '').split('?')[0] ?? ''}`;
			if (error instanceof HttpError) {
				context.log(`✗ ${where}: ${error.status} ${error.message}`);
				sendError(response, error.status, error.code, error.message, error.headers);
				return;
			}

			context.log(`✗ ${where}: internal error: ${error instanceof Error ? error.message : String(error)}`);
			if (response.headersSent) {
				response.destroy();
			} else {
				sendError(response, 500, 'internal-error', 'wamock failed on this request; see its log');
			}
		});
	};
};
