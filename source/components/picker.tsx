import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {memo, useMemo} from 'react';

type Props = {
	readonly label: string;
	readonly items: readonly string[];
	readonly value: string;
	readonly focused: boolean;
	/** Arrowing onto an item picks it at once; Enter also hands focus back. */
	readonly onChange: (value: string) => void;
	readonly onDone: () => void;
};

/**
The message-type selector and the target toggle: one line with every choice while unfocused (nothing hidden),
an ink-select-input list while focused.
*/
export const Picker = memo(function Picker({label, items, value, focused, onChange, onDone}: Props) {
	const choices = useMemo(() => items.map((item) => ({label: item, value: item})), [items]);
	if (focused) {
		return (
			<Box flexDirection="column" flexShrink={0} marginRight={3}>
				<Text color="cyan" bold>{`${label} (↑↓, Enter)`}</Text>
				<SelectInput
					items={choices}
					initialIndex={Math.max(0, items.indexOf(value))}
					limit={6}
					onHighlight={(item) => {
						onChange(item.value);
					}}
					onSelect={(item) => {
						onChange(item.value);
						onDone();
					}}
				/>
			</Box>
		);
	}

	return (
		<Box flexShrink={0} marginRight={3}>
			<Text wrap="truncate-end">
				<Text color="gray">{`${label}: `}</Text>
				{items.map((item, index) => (
					<Text key={item}>
						{index > 0 ? ' ' : ''}
						{item === value ? <Text bold color="cyan">{`[${item}]`}</Text> : <Text color="gray">{item}</Text>}
					</Text>
				))}
			</Text>
		</Box>
	);
});
