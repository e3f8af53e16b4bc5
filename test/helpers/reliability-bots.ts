import http from 'node:http';
import net from 'node:net';

/** A bot that misbehaves in one way, and how many connections it still holds (wamock must not leak any). */
export type FaultyBot = {
	readonly url: string;
	readonly connections: () => number;
	readonly close: () => Promise<void>;
};

export const tenMiB = 10 * 1024 * 1024;

const track = (server: net.Server) => {
	const sockets = new Set<net.Socket>();
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
		socket.on('error', () => {
			// wamock hanging up on a faulty bot is expected; it must not crash the test process.
		});
	});
	return sockets;
};

const listen = async (server: net.Server): Promise<FaultyBot> => {
	const sockets = track(server);
	await new Promise<void>((resolve) => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/bot/webhook`,
		connections: () => sockets.size,
		close: async () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) {
					socket.destroy();
				}

				server.close(() => {
					resolve();
				});
			}),
	};
};

/** Answers after reading the whole request, as a real bot would. */
const httpBot = async (answer: (response: http.ServerResponse) => void): Promise<FaultyBot> =>
	listen(
		http.createServer((request, response) => {
			request.resume();
			request.once('end', () => {
				answer(response);
			});
		}),
	);

const html = '<!doctype html><html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';

/** Every way a bot can fail, by name: each is a real server (or a port nothing listens on). */
export const faultyBots = {
	async refuses(): Promise<FaultyBot> {
		// A port freed for the occasion could be handed to the next listen(0), even one of these bots; instead hold
		// 127.0.0.1:PORT so nobody can bind it on any address, and aim at 127.0.0.2:PORT, where nothing listens.
		const holder = net.createServer();
		await new Promise<void>((resolve) => {
			holder.listen(0, '127.0.0.1', resolve);
		});
		const {port} = holder.address() as net.AddressInfo;
		return {
			url: `http://127.0.0.2:${port}/bot/webhook`,
			connections: () => 0,
			close: async () =>
				new Promise<void>((resolve) => {
					holder.close(() => {
						resolve();
					});
				}),
		};
	},
	// A TCP reset before any byte of an answer: the bot crashed while handling the request.
	resetsBeforeAnswering: async () =>
		listen(
			net.createServer((socket) => {
				socket.once('data', () => socket.resetAndDestroy());
			}),
		),
	resetsMidResponse: async () =>
		httpBot((response) => {
			response.writeHead(200, {'content-type': 'application/json', 'content-length': '1000'});
			response.write('{"messages":[');
			setTimeout(() => response.socket?.resetAndDestroy(), 20);
		}),
	neverAnswers: async () => httpBot(() => undefined),
	answers500: async () =>
		httpBot((response) => {
			response.writeHead(500, {'content-type': 'text/plain'}).end('boom: database is down');
		}),
	answersHtml: async () =>
		httpBot((response) => {
			response.writeHead(200, {'content-type': 'text/html'}).end(html);
		}),
	answersProxyErrorPage: async () =>
		httpBot((response) => {
			response.writeHead(502, {'content-type': 'text/html'}).end(html);
		}),
	answersTenMiB: async () =>
		httpBot((response) => {
			// Valid JSON, 10 MiB of it, so only its size is wrong.
			const pad = Buffer.alloc(tenMiB - 12, 'x');
			response.writeHead(200, {'content-type': 'application/json', 'content-length': String(tenMiB)});
			response.write('{"pad":"');
			response.write(pad);
			response.end('"}\n\n');
		}),
	dripsSlowly: async () =>
		httpBot((response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{');
			const timer = setInterval(() => response.write(' '), 50);
			response.once('close', () => clearInterval(timer));
		}),
	answersGarbage: async () =>
		listen(
			net.createServer((socket) => {
				socket.once('data', () => socket.end('SURPRISE\r\n\r\nthis is not HTTP'));
			}),
		),
} as const;

export type Fault = keyof typeof faultyBots;
