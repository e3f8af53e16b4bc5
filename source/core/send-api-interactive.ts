import {isRecord} from './json.js';
import {limits} from './limits.js';
import {checkCtaUrl, checkFlow} from './send-api-actions.js';
import {checkListAction} from './send-api-list.js';
import {
	arrayProblem,
	checkMedia,
	checkText,
	field,
	firstDuplicate,
	invalidValue,
	missingParameter,
	objectProblem,
	type Problem,
} from './send-api-rules.js';

type Interactive = Record<string, unknown>;

const path = 'interactive';

const checkHeader = (header: unknown, mediaAllowed: boolean): Problem => {
	if (header === undefined) {
		return undefined;
	}

	if (!isRecord(header)) {
		return objectProblem(header, `${path}.header`);
	}

	const type = field(header, 'type');
	if (type === undefined) {
		return missingParameter(`${path}.header.type`);
	}

	if (type === 'text') {
		return checkText(field(header, 'text'), {path: `${path}.header.text`, label: 'Header text', max: 60});
	}

	if (mediaAllowed && (type === 'image' || type === 'video' || type === 'document')) {
		return checkMedia(header[type], `${path}.header.${type}`);
	}

	const allowed = mediaAllowed ? 'text, image, video or document' : 'text';
	return invalidValue(`Header type '${String(type)}' is not valid here. Allowed: ${allowed}`);
};

/** Body, header and footer: shared by every interactive subtype, with the body limit that subtype has. */
const checkFrame = (
	interactive: Interactive,
	frame: {bodyMax: number; bodyOptional?: boolean; mediaHeader: boolean},
): Problem => {
	const body = field(interactive, 'body');
	if (body === undefined && frame.bodyOptional) {
		return checkHeader(field(interactive, 'header'), frame.mediaHeader);
	}

	if (!isRecord(body)) {
		return objectProblem(body, `${path}.body`);
	}

	const footer = field(interactive, 'footer');
	if (footer !== undefined && !isRecord(footer)) {
		return objectProblem(footer, `${path}.footer`);
	}

	return (
		checkText(field(body, 'text'), {
			path: `${path}.body.text`,
			label: 'Body text',
			max: frame.bodyMax,
			emptyIsMissing: true,
		}) ??
		checkHeader(field(interactive, 'header'), frame.mediaHeader) ??
		(footer === undefined
			? undefined
			: checkText(field(footer, 'text'), {path: `${path}.footer.text`, label: 'Footer text', max: 60}))
	);
};

const checkButton = (button: unknown, at: string): Problem => {
	if (!isRecord(button)) {
		return objectProblem(button, at);
	}

	if (field(button, 'type') !== 'reply') {
		return field(button, 'type') === undefined
			? missingParameter(`${at}.type`)
			: invalidValue(
					`Button type '${String(field(button, 'type'))}' is not valid. Only 'reply' buttons are allowed`,
				);
	}

	const reply = field(button, 'reply');
	if (!isRecord(reply)) {
		return objectProblem(reply, `${at}.reply`);
	}

	return (
		checkText(field(reply, 'id'), {path: `${at}.reply.id`, label: 'Button id', max: limits.buttonReplyId}) ??
		checkText(field(reply, 'title'), {
			path: `${at}.reply.title`,
			label: 'Button title',
			max: limits.buttonTitle,
		})
	);
};

const checkButtonAction = (action: unknown): Problem => {
	const at = `${path}.action`;
	if (!isRecord(action)) {
		return objectProblem(action, at);
	}

	const buttons = field(action, 'buttons');
	if (!Array.isArray(buttons)) {
		return arrayProblem(buttons, `${at}.buttons`);
	}

	if (buttons.length === 0 || buttons.length > 3) {
		return invalidValue(`Number of buttons invalid: ${buttons.length}. Min: 1, Max: 3`);
	}

	for (const [index, button] of buttons.entries()) {
		const problem = checkButton(button, `${at}.buttons[${index}]`);
		if (problem) {
			return problem;
		}
	}

	const titles = buttons.map((button) => (button as {reply: {title: string}}).reply.title);
	const duplicate = firstDuplicate(titles);
	return duplicate === undefined
		? undefined
		: invalidValue(`Button titles must be unique. Duplicate title: '${duplicate}'`);
};

// Real subtypes the chat view does not model: accepted with a light check so bots using them still work.
const otherSubtypes = new Set([
	'product',
	'product_list',
	'catalog_message',
	'location_request_message',
	'address_message',
	'call_permission_request',
]);

/** The object under `interactive` in a send-API body. */
export const checkInteractive = (interactive: Interactive): Problem => {
	const type = field(interactive, 'type');
	const action = field(interactive, 'action');
	switch (type) {
		case 'button': {
			return checkFrame(interactive, {bodyMax: 1024, mediaHeader: true}) ?? checkButtonAction(action);
		}

		case 'list': {
			return (
				checkFrame(interactive, {bodyMax: limits.textBody, mediaHeader: false}) ??
				checkListAction(action, `${path}.action`)
			);
		}

		case 'cta_url': {
			return (
				checkFrame(interactive, {bodyMax: 1024, bodyOptional: true, mediaHeader: true}) ?? checkCtaUrl(action)
			);
		}

		case 'flow': {
			return (
				checkFrame(interactive, {bodyMax: 1024, bodyOptional: true, mediaHeader: true}) ?? checkFlow(action)
			);
		}

		case undefined: {
			return missingParameter(`${path}.type`);
		}

		default: {
			if (typeof type === 'string' && otherSubtypes.has(type)) {
				return isRecord(action) ? undefined : objectProblem(action, `${path}.action`);
			}

			return invalidValue(
				`Interactive type '${String(type)}' is not supported. Use button, list, cta_url or flow.`,
			);
		}
	}
};
