import {isRecord} from './json.js';
import {limits} from './limits.js';
import {
	arrayProblem,
	checkText,
	field,
	firstDuplicate,
	invalidValue,
	objectProblem,
	type Problem,
} from './send-api-rules.js';

const maxSections = 10;
const maxRows = 10;

const checkRow = (row: unknown, path: string): Problem => {
	if (!isRecord(row)) {
		return objectProblem(row, path);
	}

	return (
		checkText(field(row, 'id'), {path: `${path}.id`, label: 'Row id', max: limits.listRowId}) ??
		checkText(field(row, 'title'), {path: `${path}.title`, label: 'Row title', max: limits.listRowTitle}) ??
		checkText(field(row, 'description'), {
			path: `${path}.description`,
			label: 'Row description',
			max: limits.listRowDescription,
			optional: true,
		})
	);
};

const checkSection = (section: unknown, path: string, titleRequired: boolean): Problem => {
	if (!isRecord(section)) {
		return objectProblem(section, path);
	}

	const titleProblem = checkText(field(section, 'title'), {
		path: `${path}.title`,
		label: 'Section title',
		max: 24,
		optional: !titleRequired,
	});
	if (titleProblem) {
		return titleRequired && titleProblem.code === 131008
			? {
					...titleProblem,
					details: `${titleProblem.details} A list with more than one section needs a title on each.`,
				}
			: titleProblem;
	}

	const rows = field(section, 'rows');
	if (!Array.isArray(rows)) {
		return arrayProblem(rows, `${path}.rows`);
	}

	if (rows.length === 0) {
		return invalidValue(`The parameter ${path}.rows is empty. Each section needs at least one row.`);
	}

	for (const [index, row] of rows.entries()) {
		const problem = checkRow(row, `${path}.rows[${index}]`);
		if (problem) {
			return problem;
		}
	}

	return undefined;
};

/** The `action` of an interactive list: a button label and 1–10 sections of at most 10 rows in all. */
export const checkListAction = (action: unknown, path: string): Problem => {
	if (!isRecord(action)) {
		return objectProblem(action, path);
	}

	const buttonProblem = checkText(field(action, 'button'), {
		path: `${path}.button`,
		label: 'Action button',
		max: 20,
	});
	if (buttonProblem) {
		return buttonProblem;
	}

	const sections = field(action, 'sections');
	if (!Array.isArray(sections)) {
		return arrayProblem(sections, `${path}.sections`);
	}

	if (sections.length === 0 || sections.length > maxSections) {
		return invalidValue(`Number of sections invalid: ${sections.length}. Min: 1, Max: ${maxSections}`);
	}

	for (const [index, section] of sections.entries()) {
		const problem = checkSection(section, `${path}.sections[${index}]`, sections.length > 1);
		if (problem) {
			return problem;
		}
	}

	const rows = sections.flatMap((section) => (section as {rows: Array<{id: string}>}).rows);
	if (rows.length > maxRows) {
		return invalidValue(
			`Total row count exceeds the maximum: ${rows.length}. Max: ${maxRows} rows across all sections`,
		);
	}

	const duplicate = firstDuplicate(rows.map((row) => row.id));
	return duplicate === undefined
		? undefined
		: invalidValue(`Row ids must be unique across the list. Duplicate id: '${duplicate}'`);
};
