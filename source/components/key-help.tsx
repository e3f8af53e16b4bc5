import {Box, Text} from 'ink';
import {memo} from 'react';
import {keyHelp} from '../core/chat-state.js';

/** The one line of keys that never scrolls away or shrinks, whatever else needs the room. */
export const KeyHelp = memo(function KeyHelp() {
	return (
		<Box flexShrink={0}>
			<Text color="gray" wrap="truncate-end">
				{keyHelp}
			</Text>
		</Box>
	);
});
