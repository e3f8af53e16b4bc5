import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type Received = {method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer};

export type TestServer = {
	url: string;
	port: number;
	received: Received[];
	close: () => Promise<void>;
};

/** A real HTTP server on 127.0.0.1 and a free port, recording every request it gets. */
export const startServer = async (
	handle: (request: Received, response: http.ServerResponse) => void | Promise<void>,
): Promise<TestServer> => {
	const received: Received[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const entry = {
				method: request.method ?? '',
				url: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks),
			};
			received.push(entry);
			void handle(entry, response);
		});
	});
	await new Promise<void>((resolve) => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		received,
		close: async () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => {
					resolve();
				});
			}),
	};
};

/** A port nothing listens on: bound once, then released. */
export const freePort = async (): Promise<number> => {
	const server = http.createServer();
	await new Promise<void>((resolve) => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	await new Promise<void>((resolve) => {
		server.close(() => {
			resolve();
		});
	});
	return port;
};
