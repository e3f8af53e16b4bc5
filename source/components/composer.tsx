import {Box, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';
import {memo, useCallback, useRef, useState} from 'react';

type Props = {
	readonly focused: boolean;
	/** The message type, shown as the prompt so it is clear what Enter sends. */
	readonly type: string;
	readonly onSubmit: (line: string) => void;
	readonly onQuit: () => void;
};

type GuardProps = {
	readonly active: boolean;
	readonly onKey: (input: string, ctrl: boolean) => void;
};

/**
Sees each key before the text input does (it is mounted first, and its handler never changes, so it stays
first in line): ink-text-input would type the letter of a Ctrl+letter chord into the draft, so the composer
must know that such a change is not typing.
*/
const KeyGuard = ({active, onKey}: GuardProps) => {
	useInput(
		useCallback(
			(input, key) => {
				onKey(input, key.ctrl);
			},
			[onKey],
		),
		{isActive: active},
	);
	return null;
};

/** The draft lives here, not in the app, so typing redraws this line and nothing else. */
export const Composer = memo(function Composer({focused, type, onSubmit, onQuit}: Props) {
	const [draft, setDraft] = useState('');
	// Bumped to remount the text input, which puts its cursor back at the end of the draft.
	const [generation, setGeneration] = useState(0);
	const ctrlHeld = useRef(false);
	const draftRef = useRef(draft);
	const quit = useRef(onQuit);
	quit.current = onQuit;

	const onKey = useCallback((input: string, ctrl: boolean) => {
		ctrlHeld.current = ctrl;
		if (ctrl && input === 'd' && draftRef.current === '') {
			quit.current();
		}
	}, []);

	const send = useRef(onSubmit);
	send.current = onSubmit;
	const deliver = useCallback((text: string) => {
		if (text.trim() !== '') {
			send.current(text);
		}
	}, []);

	const change = useCallback(
		(value: string) => {
			if (ctrlHeld.current) {
				// The input has already moved its cursor past the letter it meant to insert: start it afresh.
				setGeneration((current) => current + 1);
				return;
			}

			// A paste, or keys sent in one burst ("hi\r" from tmux), reach the input as one string: what comes
			// before the last line break is sent as one message, the rest stays in the draft.
			const lines = value.split(/\r\n?|\n/u);
			const rest = lines.pop() ?? '';
			if (lines.length > 0) {
				deliver(lines.join('\n'));
			}

			draftRef.current = rest;
			setDraft(rest);
		},
		[deliver],
	);

	// Keys that arrive in one chunk reach the text input before it re-subscribes with the new value, so Enter
	// would submit a stale draft: the ref always has the newest.
	const submit = useCallback(() => {
		const value = draftRef.current;
		draftRef.current = '';
		setDraft('');
		deliver(value);
	}, [deliver]);

	return (
		<Box flexShrink={0}>
			<KeyGuard active={focused} onKey={onKey} />
			<Text color={focused ? 'green' : 'gray'} bold>{`${type} › `}</Text>
			<TextInput
				key={generation}
				value={draft}
				focus={focused}
				placeholder={focused ? 'type a message, /help for commands' : 'Esc to type'}
				onChange={change}
				onSubmit={submit}
			/>
		</Box>
	);
});
