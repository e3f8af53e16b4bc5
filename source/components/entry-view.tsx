import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Row} from './entry-rows.js';

type Props = {
	readonly rows: readonly Row[];
	/** A blank line above, to set a new exchange apart. */
	readonly gap: boolean;
};

/** One conversation entry, drawn from its rows; memoised so only entries whose rows change redraw. */
export const EntryView = memo(function EntryView({rows, gap}: Props) {
	return (
		<Box flexDirection="column" flexShrink={0} marginTop={gap ? 1 : 0}>
			{rows.map((row, index) => (
				// Rows never move within an entry, so their index is a stable key.
				// biome-ignore lint/suspicious/noArrayIndexKey: see above
				<Box key={index} paddingLeft={row.indent} flexShrink={0}>
					<Text wrap="wrap">
						{row.segments.map((segment, part) => (
							<Text
								// biome-ignore lint/suspicious/noArrayIndexKey: segments are positional too
								key={part}
								{...(segment.color ? {color: segment.color} : {})}
								bold={segment.bold ?? false}
								italic={segment.italic ?? false}
								strikethrough={segment.strikethrough ?? false}
								inverse={segment.inverse ?? false}
							>
								{segment.text}
							</Text>
						))}
					</Text>
				</Box>
			))}
		</Box>
	);
});
