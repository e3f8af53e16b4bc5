import {Box, Text} from 'ink';
import {memo} from 'react';

/** Where the browser page and the send API live, or why they do not. */
export type ServerInfo = {readonly url?: string; readonly note: string};

type Props = {
	readonly target: string;
	readonly targetUrl: string;
	readonly phone: string;
	readonly name: string;
	readonly server: ServerInfo;
	readonly pending: number;
	readonly elapsedMs: number;
	readonly lastLatencyMs?: number;
};

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

const Timing = ({
	pending,
	elapsedMs,
	lastLatencyMs,
}: Pick<Props, 'pending' | 'elapsedMs' | 'lastLatencyMs'>) => {
	if (pending > 0) {
		const frame = spinner[Math.floor(elapsedMs / 100) % spinner.length] ?? '';
		const more = pending > 1 ? ` (${pending} requests)` : '';
		return <Text color="yellow">{`${frame} waiting for the bot ${seconds(elapsedMs)}${more}`}</Text>;
	}

	return lastLatencyMs === undefined ? (
		<Text color="gray">idle</Text>
	) : (
		<Text color="gray">{`last request took ${seconds(lastLatencyMs)}`}</Text>
	);
};

/** Who talks to which bot, where the other windows can join, and whether a request is on its way. */
export const StatusBar = memo(function StatusBar(props: Props) {
	const {server} = props;
	return (
		<Box
			flexDirection="column"
			flexShrink={0}
			borderStyle="single"
			borderTop={false}
			borderLeft={false}
			borderRight={false}
			borderColor="gray"
		>
			<Text wrap="truncate-end">
				<Text color="green" bold>
					wamock
				</Text>
				<Text>{'  to '}</Text>
				<Text bold>{props.target}</Text>
				<Text color="gray">{` ${props.targetUrl}`}</Text>
				<Text>{'  as '}</Text>
				<Text bold>{props.phone}</Text>
				<Text color="gray">{` (${props.name})`}</Text>
			</Text>
			<Box justifyContent="space-between">
				<Text wrap="truncate-end">
					{server.url ? (
						<>
							<Text>{`${server.note} `}</Text>
							<Text color="cyan">{server.url}</Text>
						</>
					) : (
						<Text color="yellow">{server.note}</Text>
					)}
				</Text>
				<Box flexShrink={0} marginLeft={2}>
					<Timing
						pending={props.pending}
						elapsedMs={props.elapsedMs}
						{...(props.lastLatencyMs === undefined ? {} : {lastLatencyMs: props.lastLatencyMs})}
					/>
				</Box>
			</Box>
		</Box>
	);
});
