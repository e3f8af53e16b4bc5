import type net from 'node:net';

/** Runs `work` over `items` with at most `concurrency` at a time. */
export const inPool = async <T>(
	items: readonly T[],
	concurrency: number,
	work: (item: T, index: number) => Promise<void>,
): Promise<void> => {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			// eslint-disable-next-line no-await-in-loop
			await work(items[index] as T, index);
		}
	};

	await Promise.all(Array.from({length: Math.min(concurrency, items.length)}, worker));
};

/** Connections the server still holds open (keep-alive or not). */
export const openConnections = async (server: net.Server): Promise<number> =>
	new Promise((resolve, reject) => {
		server.getConnections((error, count) => {
			if (error) {
				reject(error);
			} else {
				resolve(count);
			}
		});
	});

/** Polls an async condition until it holds; the failure names what was awaited and the last value seen. */
export const eventually = async <T>(
	read: () => Promise<T> | T,
	check: (value: T) => boolean,
	what: string,
	timeoutMs = 5000,
): Promise<T> => {
	const started = Date.now();
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		const value = await read();
		if (check(value)) {
			return value;
		}

		if (Date.now() - started > timeoutMs) {
			throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 20);
		});
	}
};
