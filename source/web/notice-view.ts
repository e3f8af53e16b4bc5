import type {Entry} from '../core/conversation.js';
import {clockTime, duration, element, rawView} from './dom.js';
import {shell, viaLabels} from './entry-view.js';

const notice = (entry: Entry, className: string, lines: Array<HTMLElement | undefined>, raw?: unknown) =>
	shell(entry, `notice ${className}`, [
		element('div', {className: 'notice-body', children: lines}),
		raw === undefined ? undefined : rawView('{ }', () => [['body', raw]]),
	]);

/** Entries that are not chat bubbles: failures, rejected bot messages, odd deliveries and status lines. */
export const noticeView = (entry: Entry): HTMLElement | undefined => {
	switch (entry.kind) {
		case 'error': {
			const facts = [entry.target, entry.code, entry.status ? `HTTP ${entry.status}` : undefined];
			if (entry.latencyMs !== undefined) {
				facts.push(duration(entry.latencyMs));
			}

			return notice(
				entry,
				'error',
				[
					element('div', {className: 'notice-title', text: `⚠ ${entry.message}`}),
					element('div', {
						className: 'notice-facts',
						text: `${facts.filter(Boolean).join(' · ')} · ${clockTime(entry.at)}`,
					}),
				],
				entry.body,
			);
		}

		case 'rejected': {
			return notice(
				entry,
				'rejected',
				[
					element('div', {
						className: 'notice-title',
						text: `⚠ WhatsApp would reject a bot message (${viaLabels[entry.via] ?? entry.via}): ${entry.error.message}`,
					}),
					element('div', {className: 'notice-facts', text: entry.error.details}),
				],
				entry.body,
			);
		}

		case 'delivered': {
			if (entry.body === undefined && entry.note === undefined) {
				return undefined;
			}

			const said =
				entry.body === undefined
					? undefined
					: typeof entry.body === 'string'
						? entry.body
						: JSON.stringify(entry.body);
			// A short body (an async bot's {"ok":true}) fits on the line; a long one gets its own box.
			const short = said !== undefined && said.length <= 80 && !said.includes('\n');
			const facts = `bot answered HTTP ${entry.status} in ${duration(entry.latencyMs)}`;
			return notice(entry, short || said === undefined ? 'delivered quiet' : 'delivered', [
				element('div', {
					className: 'notice-facts',
					testId: 'delivered',
					text:
						said === undefined
							? facts
							: `${facts}, no WhatsApp message in its body${short ? `: ${said}` : ':'}`,
				}),
				said === undefined || short ? undefined : element('pre', {className: 'notice-text', text: said}),
				entry.note ? element('div', {className: 'notice-facts', text: entry.note}) : undefined,
			]);
		}

		case 'status': {
			return shell(entry, 'status', [element('span', {className: 'status-text', text: entry.text})]);
		}

		default: {
			return undefined;
		}
	}
};
