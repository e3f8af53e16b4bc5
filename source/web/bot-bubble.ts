import type {Entry} from '../core/conversation.js';
import {type ReplyView, replyView} from '../core/reply-view.js';
import type {OutgoingMessage} from './api.js';
import {element} from './dom.js';
import {openList} from './list-dialog.js';
import {plain, richText} from './rich-text.js';

export type BotEntry = Extract<Entry, {kind: 'bot'}>;

/** What a click on a reply button or a list row sends, always quoting the bot message it answers. */
export type ChoiceHandler = (choice: OutgoingMessage, from: BotEntry) => void;

const labels: Readonly<Record<string, string>> = {cta_url: 'link button', flow: 'flow', contacts: 'contact'};

/** Header, body and footer, as WhatsApp stacks them inside one bubble. */
const framed = (view: {
	readonly header?: string;
	readonly body: string;
	readonly footer?: string;
}): Node[] => [
	...(view.header
		? [element('div', {className: 'bubble-header', testId: 'bubble-header', text: view.header})]
		: []),
	richText(view.body),
	...(view.footer
		? [element('div', {className: 'bubble-footer', testId: 'bubble-footer', text: view.footer})]
		: []),
];

const card = (view: Extract<ReplyView, {kind: 'card'}>): Node =>
	element('div', {
		className: 'card',
		testId: 'card',
		attributes: {'data-card': view.label},
		children: [
			element('div', {
				className: 'card-label',
				text: labels[view.label] ?? view.label,
			}),
			...view.lines.map((line) => richText(line, 'text card-line')),
		],
	});

const actionButton = (text: string, testId: string, className: string): HTMLButtonElement =>
	element('button', {className: `action ${className}`, testId, text, attributes: {type: 'button'}});

/** The bubble's content and the actions WhatsApp draws under it (reply buttons, or the list's button). */
export const botContent = (
	entry: BotEntry,
	onChoice: ChoiceHandler,
): {readonly content: Node[]; readonly actions?: HTMLElement; readonly preview: string} => {
	const view = replyView(entry.message);
	switch (view.kind) {
		case 'text': {
			return {content: [richText(view.body)], preview: plain(view.body)};
		}

		case 'buttons': {
			const actions = element('div', {className: 'actions', testId: 'reply-buttons'});
			for (const button of view.buttons) {
				const node = actionButton(button.title, 'reply-button', 'reply-button');
				node.dataset['id'] = button.id;
				node.addEventListener('click', () => {
					for (const sibling of actions.querySelectorAll('.chosen')) {
						sibling.classList.remove('chosen');
					}

					node.classList.add('chosen');
					onChoice(
						{type: 'interactive', message: button.id, title: button.title, contextId: entry.wamid},
						entry,
					);
				});
				actions.append(node);
			}

			return {content: framed(view), actions, preview: plain(view.body)};
		}

		case 'list': {
			const open = actionButton(`☰ ${view.button}`, 'list-button', 'list-button');
			open.addEventListener('click', () => {
				openList(view, (row) => {
					onChoice(
						{
							type: 'list',
							message: row.id,
							title: row.title,
							...(row.description ? {description: row.description} : {}),
							contextId: entry.wamid,
						},
						entry,
					);
				});
			});
			return {
				content: framed(view),
				actions: element('div', {className: 'actions', children: [open]}),
				preview: plain(view.body),
			};
		}

		case 'card': {
			return {content: [card(view)], preview: `${labels[view.label] ?? view.label}: ${view.lines.join(' ')}`};
		}
	}
};
