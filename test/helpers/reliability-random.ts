import process from 'node:process';
import v8 from 'node:v8';
import vm from 'node:vm';

/** A seeded source of randomness: every generated case can be replayed with `WAMOCK_SEED=<seed> npm test`. */
export type Random = {
	readonly seed: number;
	/** In [0, 1). */
	readonly next: () => number;
	/** A whole number in [0, max). */
	readonly int: (max: number) => number;
	readonly pick: <T>(items: readonly T[]) => T;
	readonly chance: (probability: number) => boolean;
	readonly bytes: (length: number) => Buffer;
	/** `length` characters drawn from `alphabet` (code points, so astral characters count once). */
	readonly text: (length: number, alphabet?: string) => string;
};

const defaultAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The seed from WAMOCK_SEED when set (to replay a failure), otherwise a fresh one. */
export const seedFromEnvironment = (): number => {
	const fixed = process.env['WAMOCK_SEED'];
	if (fixed !== undefined && /^\d+$/.test(fixed)) {
		return Number(fixed) >>> 0;
	}

	return Math.floor(Math.random() * 2 ** 32) >>> 0;
};

/** mulberry32: tiny, fast and good enough to spread test cases; not for anything secret. */
export const createRandom = (seed = seedFromEnvironment()): Random => {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};

	const int = (max: number) => Math.floor(next() * max);
	return {
		seed,
		next,
		int,
		pick<T>(items: readonly T[]): T {
			const item = items[int(items.length)];
			if (item === undefined) {
				throw new Error('pick() from an empty list');
			}

			return item;
		},
		chance: (probability) => next() < probability,
		bytes(length) {
			const buffer = Buffer.alloc(length);
			for (let index = 0; index < length; index++) {
				buffer[index] = int(256);
			}

			return buffer;
		},
		text(length, alphabet = defaultAlphabet) {
			const characters = [...alphabet];
			let out = '';
			for (let index = 0; index < length; index++) {
				out += characters[int(characters.length)] ?? '';
			}

			return out;
		},
	};
};

/** Names the seed in a failure message, so the exact run can be repeated. */
export const seeded = (random: Random, message: string): string =>
	`${message} (replay with WAMOCK_SEED=${random.seed})`;

let gc: (() => void) | undefined;

/**
A full garbage collection, so heap figures compare live data rather than collector timing. `npm test` cannot
pass --expose-gc to the test runner, so the flag is switched on here and `gc` is fetched from a fresh context.
*/
export const collectGarbage = (): void => {
	if (gc === undefined) {
		v8.setFlagsFromString('--expose-gc');
		gc = vm.runInNewContext('gc') as () => void;
	}

	gc();
	gc();
};

/** heapUsed after a full collection, in MiB. */
export const liveHeapMiB = (): number => {
	collectGarbage();
	return process.memoryUsage().heapUsed / 1024 / 1024;
};
