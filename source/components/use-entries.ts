import {useEffect, useState} from 'react';
import type {ChatBackend} from '../backend.js';
import type {Entry} from '../core/conversation.js';

/** Far more than any screen shows; older entries stay in the backend (itself bounded) and out of React. */
export const entryWindow = 1000;

const merge = (current: readonly Entry[], added: readonly Entry[], limit: number): readonly Entry[] => {
	const last = current.at(-1)?.seq ?? 0;
	const fresh = added.filter((entry) => entry.seq > last);
	if (fresh.length === 0) {
		return current;
	}

	const next = [...current, ...fresh];
	return next.length > limit ? next.slice(next.length - limit) : next;
};

/**
The conversation as the backend tells it: the newest `limit` entries, in order. Events that arrive together
(a burst from another window) are applied in one update.
*/
export const useEntries = (backend: ChatBackend, limit = entryWindow): readonly Entry[] => {
	const [entries, setEntries] = useState<readonly Entry[]>(() => backend.entries().slice(-limit));
	useEffect(() => {
		let queued: Entry[] = [];
		let cleared = false;
		let timer: NodeJS.Immediate | undefined;
		const flush = () => {
			timer = undefined;
			const added = queued;
			const fromScratch = cleared;
			queued = [];
			cleared = false;
			setEntries((current) => merge(fromScratch ? [] : current, added, limit));
		};

		const schedule = () => {
			timer ??= setImmediate(flush);
		};

		const unsubscribe = backend.subscribe((event) => {
			if (event.type === 'clear') {
				queued = [];
				cleared = true;
			} else {
				queued.push(event.entry);
			}

			schedule();
		});
		// Entries added between the first render and this subscription would be missed otherwise; seq dedupes.
		queued = backend.entries().slice(-limit);
		schedule();
		return () => {
			unsubscribe();
			if (timer) {
				clearImmediate(timer);
			}
		};
	}, [backend, limit]);
	return entries;
};
