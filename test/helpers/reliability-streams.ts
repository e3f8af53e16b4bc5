import http from 'node:http';
import type {Random} from './reliability-random.js';

/**
Event-stream clients that come and go at random while the server is busy: some leave before the answer,
some read for a while, some never read at all, some ask for a replay. Each ends by itself.
*/
export const churnStreams = async (
	port: number,
	random: Random,
	{clients, concurrency, keepGoing}: {clients: number; concurrency: number; keepGoing: () => boolean},
): Promise<{opened: number; events: number}> => {
	const agent = new http.Agent({keepAlive: false, maxSockets: concurrency});
	let opened = 0;
	let events = 0;
	const one = async () =>
		new Promise<void>((resolve) => {
			// Mostly live readers; a few ask for a replay of the whole history (up to 5000 entries) or of its end.
			const since = random.chance(0.9) ? '' : random.pick(['?since=0', `?since=${random.int(30_000)}`]);
			const request = http.get({agent, host: '127.0.0.1', port, path: `/api/events${since}`});
			const lifetime = random.int(400);
			const reads = random.chance(0.8);
			const leave = () => {
				request.destroy();
				resolve();
			};

			request.on('error', () => {
				resolve();
			});
			request.on('close', () => {
				resolve();
			});
			// A tenth hang up before the answer's headers arrive.
			if (random.chance(0.1)) {
				setTimeout(leave, random.int(5));
				return;
			}

			request.on('response', (response) => {
				opened += 1;
				if (reads) {
					response.on('data', (chunk: Buffer) => {
						events += chunk.toString('utf8').split('\nevent: ').length - 1;
					});
				} else {
					// Never reads: the server must drop it or outlive it, not buffer for it forever.
					response.pause();
				}

				setTimeout(leave, lifetime);
			});
		});

	let started = 0;
	const worker = async () => {
		while (started < clients && keepGoing()) {
			started += 1;
			// eslint-disable-next-line no-await-in-loop
			await one();
		}
	};

	await Promise.all(Array.from({length: concurrency}, worker));
	agent.destroy();
	return {opened, events};
};
