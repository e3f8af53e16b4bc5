import {isRecord} from './json.js';
import {
	checkText,
	field,
	invalidValue,
	isHttpUrl,
	missingParameter,
	objectProblem,
	type Problem,
	type SendApiError,
} from './send-api-rules.js';

const path = 'interactive';

type Parameters = {ok: true; parameters: Record<string, unknown>} | {ok: false; problem: SendApiError};

/** The `parameters` of a cta_url or flow action, after checking the action names itself correctly. */
const actionParameters = (action: unknown, name: string): Parameters => {
	const at = `${path}.action`;
	if (!isRecord(action)) {
		return {ok: false, problem: objectProblem(action, at)};
	}

	if (field(action, 'name') !== undefined && field(action, 'name') !== name) {
		return {
			ok: false,
			problem: invalidValue(`The parameter ${at}.name must be '${name}' for this interactive type.`),
		};
	}

	const parameters = field(action, 'parameters');
	return isRecord(parameters)
		? {ok: true, parameters}
		: {ok: false, problem: objectProblem(parameters, `${at}.parameters`)};
};

/** The action of a cta_url message: a button label and the http(s) link it opens. */
export const checkCtaUrl = (action: unknown): Problem => {
	const result = actionParameters(action, 'cta_url');
	if (!result.ok) {
		return result.problem;
	}

	const {parameters} = result;
	const at = `${path}.action.parameters`;
	const url = field(parameters, 'url');
	return (
		checkText(field(parameters, 'display_text'), {
			path: `${at}.display_text`,
			label: 'Display text',
			max: 20,
		}) ??
		(url === undefined ? missingParameter(`${at}.url`) : undefined) ??
		(isHttpUrl(url) ? undefined : invalidValue(`The parameter ${at}.url must be an http or https URL.`))
	);
};

/** The action of a flow message (flow_message_version 3). */
export const checkFlow = (action: unknown): Problem => {
	const result = actionParameters(action, 'flow');
	if (!result.ok) {
		return result.problem;
	}

	const {parameters} = result;
	const at = `${path}.action.parameters`;
	const version = field(parameters, 'flow_message_version');
	if (version !== '3') {
		return version === undefined
			? missingParameter(`${at}.flow_message_version`)
			: invalidValue(`The parameter ${at}.flow_message_version must be '3'.`);
	}

	if (field(parameters, 'flow_id') === undefined && field(parameters, 'flow_name') === undefined) {
		return missingParameter(`${at}.flow_id or ${at}.flow_name`);
	}

	const flowAction = field(parameters, 'flow_action');
	if (flowAction !== undefined && flowAction !== 'navigate' && flowAction !== 'data_exchange') {
		return invalidValue(`The parameter ${at}.flow_action must be 'navigate' or 'data_exchange'.`);
	}

	return checkText(field(parameters, 'flow_cta'), {path: `${at}.flow_cta`, label: 'Flow CTA', max: 20});
};
