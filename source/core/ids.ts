// Real wamids are `wamid.` plus base64 of an opaque binary record; ours only need to look alike and be unique.
let counter = 0;

const toBase64 = (bytes: Uint8Array): string => {
	let binary = '';
	for (const byte of bytes) {
		binary += String.fromCodePoint(byte);
	}

	return btoa(binary);
};

// Random bytes are drawn in blocks: one call to the random source per 136 ids instead of one per id.
const idBytes = 30;
const pool = new Uint8Array(idBytes * 136);
let taken = pool.length;

export const newWamid = (): string => {
	if (taken === pool.length) {
		globalThis.crypto.getRandomValues(pool);
		taken = 0;
	}

	const bytes = pool.slice(taken, taken + idBytes);
	taken += idBytes;
	// A counter in the first bytes makes ids unique even if the random source repeats.
	counter = (counter + 1) % 0x1_00_00_00;
	bytes[0] = counter >> 16;
	bytes[1] = (counter >> 8) & 0xff;
	bytes[2] = counter & 0xff;
	return `wamid.HBgM${toBase64(bytes)}`;
};

export const unixSeconds = (now: number = Date.now()): string => String(Math.floor(now / 1000));
