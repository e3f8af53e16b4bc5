import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Notice} from '../core/chat-state.js';

/** Command answers, help and startup warnings, above the controls until Esc or the next message. */
export const NoticeView = memo(function NoticeView({notice}: {readonly notice?: Notice}) {
	if (!notice) {
		return null;
	}

	return (
		<Box flexDirection="column" flexShrink={0} paddingX={1}>
			{notice.lines.map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a notice's lines never reorder
				<Text key={index} color={notice.tone === 'error' ? 'red' : 'yellow'} wrap="wrap">
					{line}
				</Text>
			))}
		</Box>
	);
});
