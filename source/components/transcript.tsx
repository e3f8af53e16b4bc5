import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Entry} from '../core/conversation.js';
import {entryRows, type Highlight, type Row, rowsHeight} from './entry-rows.js';
import {EntryView} from './entry-view.js';

type Props = {
	readonly entries: readonly Entry[];
	readonly raw: boolean;
	readonly width: number;
	/** Lines to fill; entries above them are not rendered at all, so a long session costs nothing per frame. */
	readonly height: number;
	/** The seq of the newest interactive bot message, which the user can answer. */
	readonly offered: number | undefined;
	/** The highlighted choice in it, while it has focus. */
	readonly selection: number | undefined;
};

// Entries never change, so their rows are worked out once per way of drawing them.
const cache = new WeakMap<Entry, {readonly key: string; readonly rows: Row[]}>();

const rowsFor = (entry: Entry, raw: boolean, highlight: Highlight | undefined): Row[] => {
	const key = `${raw}:${highlight ? (highlight.selection ?? 'offered') : '-'}`;
	const cached = cache.get(entry);
	if (cached?.key === key) {
		return cached.rows;
	}

	const rows = entryRows(entry, {raw, ...(highlight ? {highlight} : {})});
	cache.set(entry, {key, rows});
	return rows;
};

/** The newest entries that fit, bottom-aligned; the oldest of them is cut at the top if it does not fit whole. */
export const Transcript = memo(function Transcript({entries, raw, width, height, offered, selection}: Props) {
	const visible: Array<{entry: Entry; rows: Row[]; gap: boolean}> = [];
	let used = 0;
	for (let index = entries.length - 1; index >= 0 && used < height; index--) {
		const entry = entries[index];
		if (!entry) {
			continue;
		}

		const highlight = entry.seq === offered ? (selection === undefined ? {} : {selection}) : undefined;
		const rows = rowsFor(entry, raw, highlight);
		if (rows.length > 0) {
			const gap = entry.kind === 'user';
			used += rowsHeight(rows, width) + (gap ? 1 : 0);
			visible.push({entry, rows, gap});
		}
	}

	visible.reverse();
	return (
		<Box flexDirection="column" flexGrow={1} flexBasis={0} overflow="hidden" justifyContent="flex-end">
			{visible.length === 0 ? (
				<Text color="gray">No messages yet. Type hi and press Enter.</Text>
			) : (
				visible.map(({entry, rows, gap}) => <EntryView key={entry.seq} rows={rows} gap={gap} />)
			)}
		</Box>
	);
});
