import type {ListRow, ReplyView} from '../core/reply-view.js';
import {element} from './dom.js';

type ListView = Extract<ReplyView, {kind: 'list'}>;

// WhatsApp opens a list as a sheet: sections with titles, one radio-like row each, and a Send button.

const rowLabel = (row: ListRow, index: number): HTMLElement =>
	element('label', {
		className: 'list-row',
		testId: 'list-row',
		children: [
			element('span', {
				className: 'list-row-text',
				children: [
					element('span', {className: 'list-row-title', text: row.title}),
					row.description
						? element('span', {className: 'list-row-description', text: row.description})
						: undefined,
				],
			}),
			element('input', {attributes: {type: 'radio', name: 'row', value: String(index)}}),
		],
	});

/** Shows the list in a modal dialog; `onPick` gets the row the user sent. The dialog removes itself on close. */
export const openList = (view: ListView, onPick: (row: ListRow) => void): HTMLDialogElement => {
	const rows: ListRow[] = [];
	const sections = view.sections.map((section) =>
		element('section', {
			className: 'list-section',
			children: [
				section.title ? element('h3', {className: 'list-section-title', text: section.title}) : undefined,
				...section.rows.map((row) => {
					rows.push(row);
					return rowLabel(row, rows.length - 1);
				}),
			],
		}),
	);
	const send = element('button', {
		className: 'list-send',
		testId: 'list-send',
		text: 'Send',
		attributes: {type: 'submit', disabled: ''},
	});
	const close = element('button', {
		className: 'list-close',
		testId: 'list-close',
		text: '✕',
		attributes: {type: 'button', 'aria-label': 'Close'},
	});
	const form = element('form', {
		className: 'list-form',
		attributes: {method: 'dialog'},
		children: [
			element('header', {
				className: 'list-head',
				children: [close, element('h2', {text: view.button})],
			}),
			element('div', {className: 'list-sections', children: sections}),
			element('footer', {className: 'list-foot', children: [send]}),
		],
	});
	const dialog = element('dialog', {className: 'list-dialog', testId: 'list-dialog', children: [form]});

	form.addEventListener('change', () => {
		send.disabled = form.querySelector('input:checked') === null;
		for (const label of form.querySelectorAll('.list-row')) {
			label.classList.toggle('checked', label.querySelector('input:checked') !== null);
		}
	});
	form.addEventListener('submit', (event) => {
		const checked = form.querySelector<HTMLInputElement>('input:checked');
		const row = checked ? rows[Number(checked.value)] : undefined;
		if (!row) {
			event.preventDefault();
			return;
		}

		onPick(row);
	});
	close.addEventListener('click', () => {
		dialog.close();
	});
	// A click on the backdrop lands on the dialog itself, outside the form.
	dialog.addEventListener('click', (event) => {
		if (event.target === dialog) {
			dialog.close();
		}
	});
	dialog.addEventListener('close', () => {
		dialog.remove();
	});
	document.body.append(dialog);
	dialog.showModal();
	return dialog;
};
