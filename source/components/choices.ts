import type {Entry} from '../core/conversation.js';
import {type ReplyView, replyView} from '../core/reply-view.js';

/** One button or list row of an interactive bot message, as the answer to it is sent. */
export type Choice = {
	readonly type: 'interactive' | 'list';
	readonly id: string;
	readonly title: string;
	readonly description?: string;
};

/** The choices an interactive reply offers, in the order they are drawn. */
export const choicesOf = (view: ReplyView): Choice[] => {
	if (view.kind === 'buttons') {
		return view.buttons.map((button) => ({type: 'interactive', id: button.id, title: button.title}));
	}

	if (view.kind === 'list') {
		return view.sections.flatMap((section) =>
			section.rows.map((row) => ({
				type: 'list' as const,
				id: row.id,
				title: row.title,
				...(row.description ? {description: row.description} : {}),
			})),
		);
	}

	return [];
};

export type LatestInteractive = {
	readonly wamid: string;
	readonly seq: number;
	readonly choices: readonly Choice[];
};

/** The newest bot message with buttons or list rows, looking back at most `depth` entries. */
export const latestInteractive = (entries: readonly Entry[], depth = 1000): LatestInteractive | undefined => {
	for (let index = entries.length - 1; index >= Math.max(0, entries.length - depth); index--) {
		const entry = entries[index];
		if (entry?.kind === 'bot') {
			const choices = choicesOf(replyView(entry.message));
			if (choices.length > 0) {
				return {wamid: entry.wamid, seq: entry.seq, choices};
			}
		}
	}

	return undefined;
};
