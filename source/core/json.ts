/**
Serialise JSON the way Meta does: compact, non-ASCII as `\uXXXX` (surrogate pairs for emoji) and `/` as `\/`.
Bots that re-escape the parsed body before checking the signature then compute the same bytes (PROTOCOL.md §5).
*/
export const metaJson = (value: unknown): string =>
	JSON.stringify(value)
		.replaceAll(/[\u007F-\uFFFF]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
		.replaceAll('/', String.raw`\/`);

export type JsonParse = {ok: true; value: unknown} | {ok: false; error: string};

export const parseJson = (text: string): JsonParse => {
	try {
		return {ok: true, value: JSON.parse(text) as unknown};
	} catch (error) {
		return {ok: false, error: error instanceof Error ? error.message : String(error)};
	}
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
