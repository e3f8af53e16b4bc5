import {Box, useApp, useInput} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef} from 'react';
import type {ChatBackend} from './backend.js';
import {latestInteractive} from './components/choices.js';
import {Composer} from './components/composer.js';
import {KeyHelp} from './components/key-help.js';
import {NoticeView} from './components/notice-view.js';
import {Picker} from './components/picker.js';
import {type ServerInfo, StatusBar} from './components/status-bar.js';
import {Transcript} from './components/transcript.js';
import {useEntries} from './components/use-entries.js';
import {useSender} from './components/use-sender.js';
import {useTerminalSize} from './components/use-terminal-size.js';
import {chatReducer, initialChatState, type Notice, type Offer} from './core/chat-state.js';
import {isMessageType, messageTypes} from './core/envelope.js';

export type AppProps = {
	readonly backend: ChatBackend;
	readonly server: ServerInfo;
	readonly target?: string;
	readonly phone?: string;
	readonly name?: string;
	/** Shown until the first message: what happened at start-up (a port taken, a server joined). */
	readonly notice?: Notice;
	/** Terminal rows to fill; the terminal's own height when absent. */
	readonly rows?: number;
};

/** The chat: UI state in a reducer, the conversation from the backend, keys routed by focus. */
export const App = ({backend, server, target, phone, name, notice, rows: fixedRows}: AppProps) => {
	const {exit} = useApp();
	const size = useTerminalSize();
	const rows = fixedRows ?? size.rows;
	const entries = useEntries(backend);
	const targets = useMemo(() => backend.targets.map((item) => item.name), [backend]);
	const [state, dispatch] = useReducer(chatReducer, undefined, () =>
		initialChatState({
			targets,
			target: target ?? backend.defaultTarget,
			phone: phone ?? backend.identity.phone,
			name: name ?? backend.identity.name,
			...(notice ? {notice} : {}),
		}),
	);
	// Callbacks read the newest state through refs, so they stay stable and memoised children stay put.
	const stateRef = useRef(state);
	stateRef.current = state;
	const latest = useMemo(() => latestInteractive(entries), [entries]);
	const latestRef = useRef(latest);
	latestRef.current = latest;
	const offer = (): {offer?: Offer} => {
		const current = latestRef.current;
		return current ? {offer: {wamid: current.wamid, choices: current.choices.length}} : {};
	};

	useEffect(() => {
		dispatch({
			type: 'interactive',
			...(latest ? {offer: {wamid: latest.wamid, choices: latest.choices.length}} : {}),
		});
	}, [latest]);
	// Until the effect above has run, a selection made on an older message means the first choice of this one.
	const selection = latest && state.interactive?.wamid === latest.wamid ? state.selection : 0;

	const waiting = state.pending > 0;
	useEffect(() => {
		if (!waiting) {
			return;
		}

		const timer = setInterval(() => {
			dispatch({type: 'tick', now: Date.now()});
		}, 100);
		return () => {
			clearInterval(timer);
		};
	}, [waiting]);

	const {submit, choose} = useSender(backend, stateRef, latestRef, dispatch);

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			exit();
		} else if (key.tab) {
			dispatch({type: key.shift ? 'focus-previous' : 'focus-next', ...offer()});
		} else if (key.escape) {
			dispatch({type: 'escape'});
		} else if (stateRef.current.focus === 'message') {
			if (key.upArrow || key.leftArrow) {
				dispatch({type: 'move-selection', delta: -1, ...offer()});
			} else if (key.downArrow || key.rightArrow) {
				dispatch({type: 'move-selection', delta: 1, ...offer()});
			} else if (key.return) {
				const current = stateRef.current;
				choose(current.interactive?.wamid === latestRef.current?.wamid ? current.selection : 0);
			}
		}
	});

	const setType = useCallback((value: string) => {
		if (isMessageType(value)) {
			dispatch({type: 'set-type', messageType: value});
		}
	}, []);
	const setTarget = useCallback((value: string) => {
		dispatch({type: 'set-target', target: value});
	}, []);
	const backToComposer = useCallback(() => {
		dispatch({type: 'focus', focus: 'composer'});
	}, []);

	const targetUrl = backend.targets.find((item) => item.name === state.target)?.url ?? '';
	return (
		<Box flexDirection="column" height={Math.max(8, rows - 1)} width={size.columns}>
			<StatusBar
				target={state.target}
				targetUrl={targetUrl}
				phone={state.phone}
				name={state.name}
				server={server}
				pending={state.pending}
				elapsedMs={state.elapsedMs}
				{...(state.lastLatencyMs === undefined ? {} : {lastLatencyMs: state.lastLatencyMs})}
			/>
			<Transcript
				entries={entries}
				raw={state.raw}
				width={size.columns}
				height={rows}
				offered={latest?.seq}
				selection={state.focus === 'message' && latest ? selection : undefined}
			/>
			<NoticeView {...(state.notice ? {notice: state.notice} : {})} />
			<Box
				flexShrink={0}
				borderStyle="single"
				borderBottom={false}
				borderLeft={false}
				borderRight={false}
				borderColor="gray"
			>
				<Picker
					label="type"
					items={messageTypes}
					value={state.type}
					focused={state.focus === 'type'}
					onChange={setType}
					onDone={backToComposer}
				/>
				<Picker
					label="target"
					items={targets}
					value={state.target}
					focused={state.focus === 'target'}
					onChange={setTarget}
					onDone={backToComposer}
				/>
			</Box>
			<Composer focused={state.focus === 'composer'} type={state.type} onSubmit={submit} onQuit={exit} />
			<KeyHelp />
		</Box>
	);
};
