import {isRecord} from './json.js';
import {limits} from './limits.js';
import {checkInteractive} from './send-api-interactive.js';
import {
	arrayProblem,
	checkMedia,
	checkText,
	field,
	invalidParameter,
	invalidValue,
	mediaTypes,
	missingParameter,
	objectProblem,
	type Problem,
} from './send-api-rules.js';

export const messageTypes = new Set([
	'text',
	'interactive',
	'template',
	'location',
	'contacts',
	'reaction',
	...mediaTypes,
]);

const checkCoordinate = (value: unknown, path: string, limit: number): Problem => {
	if (value === undefined || value === null) {
		return missingParameter(path);
	}

	// Meta's own examples quote coordinates, so numeric strings pass as well as numbers.
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) && Math.abs(number) <= limit
		? undefined
		: invalidValue(`The parameter ${path} must be a number between -${limit} and ${limit}.`);
};

const checkContacts = (contacts: unknown): Problem => {
	if (!Array.isArray(contacts)) {
		return arrayProblem(contacts, 'contacts');
	}

	if (contacts.length === 0) {
		return invalidValue('The parameter contacts must hold at least one contact.');
	}

	for (const [index, contact] of contacts.entries()) {
		const at = `contacts[${index}]`;
		if (!isRecord(contact)) {
			return objectProblem(contact, at);
		}

		const name = field(contact, 'name');
		const problem = isRecord(name)
			? checkText(field(name, 'formatted_name'), {
					path: `${at}.name.formatted_name`,
					label: 'Formatted name',
					max: 1024,
					emptyIsMissing: true,
				})
			: objectProblem(name, `${at}.name`);
		if (problem) {
			return problem;
		}
	}

	return undefined;
};

const checkObjectPayload = (type: string, payload: Record<string, unknown>): Problem => {
	if (mediaTypes.has(type)) {
		return checkMedia(payload, type);
	}

	switch (type) {
		case 'text': {
			const preview = field(payload, 'preview_url');
			return (
				checkText(field(payload, 'body'), {
					path: 'text.body',
					label: 'Text body',
					max: limits.textBody,
					emptyIsMissing: true,
				}) ??
				(preview === undefined || typeof preview === 'boolean'
					? undefined
					: invalidParameter('The parameter text.preview_url must be a boolean.'))
			);
		}

		case 'interactive': {
			return checkInteractive(payload);
		}

		case 'template': {
			const language = field(payload, 'language');
			const components = field(payload, 'components');
			return (
				checkText(field(payload, 'name'), {
					path: 'template.name',
					label: 'Template name',
					max: 512,
					emptyIsMissing: true,
				}) ??
				(isRecord(language)
					? checkText(field(language, 'code'), {
							path: 'template.language.code',
							label: 'Language code',
							max: 16,
							emptyIsMissing: true,
						})
					: objectProblem(language, 'template.language')) ??
				(components === undefined || Array.isArray(components)
					? undefined
					: arrayProblem(components, 'template.components'))
			);
		}

		case 'location': {
			return (
				checkCoordinate(field(payload, 'latitude'), 'location.latitude', 90) ??
				checkCoordinate(field(payload, 'longitude'), 'location.longitude', 180)
			);
		}

		case 'reaction': {
			const emoji = field(payload, 'emoji');
			return (
				checkText(field(payload, 'message_id'), {
					path: 'reaction.message_id',
					label: 'Message id',
					max: 1024,
					emptyIsMissing: true,
				}) ??
				(emoji === undefined ? missingParameter('reaction.emoji') : undefined) ??
				(typeof emoji === 'string'
					? undefined
					: invalidParameter('The parameter reaction.emoji must be a string.'))
			);
		}

		default: {
			return undefined;
		}
	}
};

/** The object under `body[type]` (an array for contacts), checked against that type's rules and limits. */
export const checkPayload = (type: string, payload: unknown): Problem => {
	if (type === 'contacts') {
		return checkContacts(payload);
	}

	return isRecord(payload) ? checkObjectPayload(type, payload) : objectProblem(payload, type);
};
