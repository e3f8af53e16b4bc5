import {isRecord} from './json.js';
import {codePointLength} from './limits.js';

/** A send-API rejection, as the Cloud API reports it (PROTOCOL.md §6). */
export type SendApiError = {
	code: number;
	title: string;
	message: string;
	details: string;
	httpStatus: number;
};

/** The first thing wrong with a part of a body, or undefined when it is fine. */
export type Problem = SendApiError | undefined;

// A named accessor keeps tsc (no dotted access to index signatures) and biome (no quoted literal keys) both content.
export const field = (record: Record<string, unknown>, key: string): unknown => record[key];

const makeError = (code: number, title: string, details: string): SendApiError => ({
	code,
	title,
	message: `(#${code}) ${title}`,
	details,
	httpStatus: 400,
});

export const invalidParameter = (details: string): SendApiError =>
	makeError(100, 'Invalid parameter', details);

export const missingParameter = (path: string): SendApiError =>
	makeError(131008, 'Required parameter is missing', `The parameter ${path} is required.`);

export const invalidValue = (details: string): SendApiError =>
	makeError(131009, 'Parameter value is not valid', details);

export const unsupportedType = (details: string): SendApiError =>
	makeError(131051, 'Unsupported message type', details);

export const lengthInvalid = (label: string, min: number, max: number): SendApiError =>
	invalidValue(`${label} length invalid. Min length: ${min}, Max length: ${max}`);

/** Missing when absent, invalid when present but not an object. */
export const objectProblem = (value: unknown, path: string): SendApiError =>
	value === undefined || value === null
		? missingParameter(path)
		: invalidParameter(`The parameter ${path} must be an object.`);

export const arrayProblem = (value: unknown, path: string): SendApiError =>
	value === undefined || value === null
		? missingParameter(path)
		: invalidParameter(`The parameter ${path} must be an array.`);

export type TextRule = {
	path: string;
	/** How the details text names the field, e.g. 'Button title'. */
	label: string;
	max: number;
	min?: number;
	optional?: boolean;
	/** WhatsApp reports an empty required body as missing (131008) rather than too short. */
	emptyIsMissing?: boolean;
};

export const checkText = (value: unknown, rule: TextRule): Problem => {
	if (value === undefined || value === null) {
		return rule.optional ? undefined : missingParameter(rule.path);
	}

	if (typeof value !== 'string') {
		return invalidParameter(`The parameter ${rule.path} must be a string.`);
	}

	if (value === '' && rule.emptyIsMissing) {
		return missingParameter(rule.path);
	}

	const min = rule.min ?? 1;
	const length = codePointLength(value);
	return length < min || length > rule.max ? lengthInvalid(rule.label, min, rule.max) : undefined;
};

export const isHttpUrl = (value: unknown): boolean => {
	if (typeof value !== 'string') {
		return false;
	}

	try {
		const {protocol} = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
};

export const mediaTypes = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** A media object, as a message of its own or as an interactive header: `id` or an http(s) `link`. */
export const checkMedia = (media: unknown, path: string): Problem => {
	if (!isRecord(media)) {
		return objectProblem(media, path);
	}

	const id = field(media, 'id');
	const link = field(media, 'link');
	if (id === undefined && link === undefined) {
		return missingParameter(`${path}.id or ${path}.link`);
	}

	if (id !== undefined && (typeof id !== 'string' || id === '')) {
		return invalidParameter(`The parameter ${path}.id must be a non-empty string.`);
	}

	if (link !== undefined && !isHttpUrl(link)) {
		return invalidValue(`The parameter ${path}.link must be an http or https URL.`);
	}

	const filename = field(media, 'filename');
	if (filename !== undefined && typeof filename !== 'string') {
		return invalidParameter(`The parameter ${path}.filename must be a string.`);
	}

	// An empty caption is the same as none, which is how bots that always send one use it.
	return checkText(field(media, 'caption'), {
		path: `${path}.caption`,
		label: 'Caption',
		max: 1024,
		min: 0,
		optional: true,
	});
};

/** The first value that repeats, compared exactly. */
export const firstDuplicate = (values: readonly string[]): string | undefined => {
	const seen = new Set<string>();
	for (const value of values) {
		if (seen.has(value)) {
			return value;
		}

		seen.add(value);
	}

	return undefined;
};
