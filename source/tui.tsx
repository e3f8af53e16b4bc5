import process from 'node:process';
import {render} from 'ink';
import {App} from './app.js';
import {type ChatBackend, localBackend} from './backend.js';
import type {ServerInfo} from './components/status-bar.js';
import {loadSettings} from './config.js';
import type {Notice} from './core/chat-state.js';
import {createConversation} from './core/conversation.js';
import {resolveTarget, type Settings} from './core/targets.js';
import {createSession, type Session} from './session.js';

export type TuiOptions = {
	/** Where the mini-server (browser page, send API) listens; default 8001. */
	readonly port: number;
	/** False with --no-server. */
	readonly server: boolean;
	readonly host?: string;
	readonly timeoutMs: number;
	readonly appSecret?: string;
	readonly target?: string;
	readonly phone?: string;
	readonly name?: string;
	/** Chat with the sample bot, started in this process (`npm start`). */
	readonly demo: boolean;
	readonly verbose: boolean;
};

type Io = {
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WriteStream;
	readonly stderr: NodeJS.WriteStream;
};

type Closer = () => Promise<void>;

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const withTarget = (
	settings: Settings,
	wanted: string | undefined,
): {settings: Settings} | {error: string} => {
	if (wanted === undefined) {
		return {settings};
	}

	const found = resolveTarget(settings, wanted, {allowUrl: true});
	if (!found.ok) {
		return {error: found.error};
	}

	// A URL given with --target becomes a target of its own, named by itself, so the toggle can show it.
	const {name, url} = found.target;
	return {settings: {...settings, targets: {...settings.targets, [name]: url}, defaultTarget: name}};
};

type Wiring = {backend: ChatBackend; server: ServerInfo; notice?: Notice};

/** The in-process server, or the wamock server that already holds the port, or neither (and why). */
const connect = async (
	session: Session,
	options: TuiOptions,
	closers: Closer[],
	log: (line: string) => void,
): Promise<Wiring> => {
	const local = localBackend(session);
	// The status bar says it briefly; the notice at start says why.
	const off = `no web page or send API on port ${options.port}: async replies are off`;
	if (!options.server) {
		return {backend: local, server: {note: 'no web page or send API (--no-server)'}};
	}

	const {startServer} = await import('./server/index.js');
	try {
		const started = await startServer({
			port: options.port,
			...(options.host ? {host: options.host} : {}),
			session,
			log,
		});
		closers.push(async () => started.close());
		return {backend: local, server: {url: started.url, note: 'web page and send API at'}};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
			const why = `could not listen on port ${options.port} (${reason(error)}); async replies (send API) are off`;
			return {backend: local, server: {note: off}, notice: {tone: 'error', lines: [why]}};
		}
	}

	const {probeWamock, remoteBackend} = await import('./client.js');
	const url = `http://127.0.0.1:${options.port}`;
	const found = await probeWamock(url);
	if (found === 'wamock' && !options.demo) {
		try {
			const remote = await remoteBackend(url);
			closers.push(async () => remote.close());
			return {
				backend: remote,
				server: {url, note: 'joined the wamock server at'},
				notice: {
					tone: 'info',
					lines: [`a wamock server already runs on port ${options.port}: this chat joins it`],
				},
			};
		} catch (error) {
			const why = `could not join the wamock server on port ${options.port} (${reason(error)}); async replies (send API) are off`;
			return {backend: local, server: {note: off}, notice: {tone: 'error', lines: [why]}};
		}
	}

	const why =
		found === 'wamock'
			? `a wamock server already runs on port ${options.port}, but it does not know the demo bot: this chat keeps its own conversation; async replies (send API) are off`
			: `port ${options.port} is taken by another program; async replies (send API) are off`;
	return {backend: local, server: {note: off}, notice: {tone: 'error', lines: [why]}};
};

/** `wamock` with no message: the terminal chat. Resolves to the exit code; always closes what it started. */
export const runTui = async (
	options: TuiOptions,
	io: Io = {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr},
): Promise<number> => {
	const fail = (message: string): number => {
		io.stderr.write(`wamock: ${message}\n`);
		return 2;
	};

	if (!io.stdin.isTTY) {
		return fail('the chat app needs a terminal; to send one message: wamock "hi"');
	}

	const loaded = await loadSettings();
	if (!loaded.ok) {
		return fail(loaded.error);
	}

	const closers: Closer[] = [];
	// Ink owns stdout while the chat runs, so the session's log lines are kept here (the newest few).
	const logLines: string[] = [];
	const log = (line: string) => {
		logLines.push(line);
		if (logLines.length > 200) {
			logLines.splice(0, 100);
		}
	};

	const signals = ['SIGTERM', 'SIGHUP'] as const;
	let stop: (() => void) | undefined;
	const onSignal = () => stop?.();
	try {
		let settings = loaded.settings;
		if (options.demo) {
			const {startBot} = await import('./bot/index.js');
			const bot = await startBot({port: 0, host: '127.0.0.1'});
			closers.push(async () => bot.close());
			settings = {...settings, targets: {...settings.targets, demo: bot.url}, defaultTarget: 'demo'};
		}

		const targeted = withTarget(settings, options.target);
		if ('error' in targeted) {
			return fail(targeted.error);
		}

		const session = createSession({
			settings: targeted.settings,
			conversation: createConversation(),
			timeoutMs: options.timeoutMs,
			log,
			verbose: options.verbose,
			...(options.appSecret ? {appSecret: options.appSecret} : {}),
		});
		const {backend, server, notice} = await connect(session, options, closers, log);
		// A joined server has its own targets and default; --target picks one of them when it can.
		const wanted = options.target === undefined ? undefined : targeted.settings.defaultTarget;
		const target = backend.targets.some((item) => item.name === wanted) ? wanted : undefined;

		const instance = render(
			<App
				backend={backend}
				server={server}
				{...(target ? {target} : {})}
				{...(options.phone ? {phone: options.phone} : {})}
				{...(options.name ? {name: options.name} : {})}
				{...(notice ? {notice} : {})}
			/>,
			{stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, exitOnCtrlC: true},
		);
		stop = () => {
			instance.unmount();
		};

		for (const signal of signals) {
			process.on(signal, onSignal);
		}

		await instance.waitUntilExit();
		return 0;
	} catch (error) {
		io.stderr.write(`wamock: ${reason(error)}\n`);
		return 1;
	} finally {
		for (const signal of signals) {
			process.off(signal, onSignal);
		}

		for (const close of closers.reverse()) {
			// eslint-disable-next-line no-await-in-loop
			await close().catch(() => undefined);
		}

		if (options.verbose && logLines.length > 0) {
			io.stderr.write(`${logLines.join('\n')}\n`);
		}
	}
};
