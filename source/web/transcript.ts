import type {Entry} from '../core/conversation.js';
import type {ChoiceHandler} from './bot-bubble.js';
import {botView, type UserView, userView} from './entry-view.js';
import {noticeView} from './notice-view.js';

export type Transcript = {
	/** Draws an entry once; the same seq twice (stream replay, resync) is ignored. */
	readonly add: (entry: Entry) => void;
	/** Forgets everything; after a clear, or a server restart, seqs may start again from 1. */
	readonly clear: () => void;
	readonly lastSeq: () => number;
	/** The target a user message went to, so a click answers the bot that asked. */
	readonly targetOf: (userSeq: number) => string | undefined;
};

const previewLength = 120;
const shorten = (value: string): string =>
	value.length > previewLength ? `${value.slice(0, previewLength - 1)}…` : value;

export const createTranscript = (root: HTMLElement, onChoice: ChoiceHandler): Transcript => {
	const seen = new Set<number>();
	const users = new Map<number, {view: UserView; target: string}>();
	// wamid → a short text, for the quote WhatsApp shows above a reply.
	const previews = new Map<string, string>();
	let last = 0;
	const context = {onChoice, quoteOf: (wamid: string) => previews.get(wamid)};

	const render = (entry: Entry): HTMLElement | undefined => {
		switch (entry.kind) {
			case 'user': {
				const view = userView(entry, context);
				users.set(entry.seq, {view, target: entry.target});
				previews.set(entry.message.id, shorten(view.preview));
				return view.element;
			}

			case 'bot': {
				const view = botView(entry, context);
				previews.set(entry.wamid, shorten(view.preview));
				return view.element;
			}

			case 'delivered': {
				users.get(entry.replyTo)?.view.delivered(entry);
				return noticeView(entry);
			}

			case 'error': {
				if (entry.replyTo !== undefined) {
					users.get(entry.replyTo)?.view.failed(entry);
				}

				return noticeView(entry);
			}

			default: {
				return noticeView(entry);
			}
		}
	};

	// Entries nearly always come in order; walking back from the end keeps a late one in its place.
	const insert = (node: HTMLElement, seq: number) => {
		let after = root.lastElementChild;
		while (after instanceof HTMLElement && Number(after.dataset['seq']) > seq) {
			after = after.previousElementSibling;
		}

		if (after) {
			after.after(node);
		} else {
			root.prepend(node);
		}
	};

	const nearBottom = () => root.scrollHeight - root.scrollTop - root.clientHeight < 120;

	return {
		add(entry) {
			if (seen.has(entry.seq)) {
				return;
			}

			seen.add(entry.seq);
			last = Math.max(last, entry.seq);
			// Follow the conversation unless the user scrolled up to read; their own messages always scroll.
			const follow = nearBottom() || entry.kind === 'user';
			const node = render(entry);
			if (node) {
				insert(node, entry.seq);
				if (follow) {
					root.scrollTop = root.scrollHeight;
				}
			}
		},
		clear() {
			last = 0;
			seen.clear();
			users.clear();
			previews.clear();
			root.replaceChildren();
		},
		lastSeq: () => last,
		targetOf: (userSeq) => users.get(userSeq)?.target,
	};
};
