import process from 'node:process';
import {loadSettings} from '../config.js';
import {createConversation} from '../core/conversation.js';
import {createSession} from '../session.js';
import {startServer} from './index.js';

export type ServeFlags = {
	readonly port?: number;
	readonly host?: string;
	readonly timeoutMs: number;
	readonly appSecret?: string;
	readonly verbose: boolean;
};

export const defaultServePort = 8001;

// Log lines go out once per tick: a write per line cost about a tenth of each forwarded message's CPU.
let pending: string[] = [];
const flush = () => {
	process.stdout.write(pending.join(''));
	pending = [];
};

const out = (line: string) => {
	if (pending.length === 0) {
		setImmediate(flush);
	}

	pending.push(`${line}\n`);
};

const fail = (message: string, code: number) => {
	process.stderr.write(`wamock: ${message}\n`);
	process.exitCode = code;
};

/** `wamock serve`: the web page, the webhook relay and the send API, until SIGINT or SIGTERM. */
export const runServe = async (flags: ServeFlags): Promise<void> => {
	const port = flags.port ?? defaultServePort;
	const host = flags.host ?? '127.0.0.1';
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		fail(`--port must be a whole number from 0 to 65535 (got ${String(flags.port)})`, 2);
		return;
	}

	if (!Number.isFinite(flags.timeoutMs) || flags.timeoutMs <= 0) {
		fail(`--timeout must be a positive number of milliseconds (got ${String(flags.timeoutMs)})`, 2);
		return;
	}

	const loaded = await loadSettings();
	if (!loaded.ok) {
		fail(loaded.error, 2);
		return;
	}

	const {settings} = loaded;
	const appSecret = flags.appSecret ?? process.env['WAMOCK_APP_SECRET'];
	const session = createSession({
		settings,
		conversation: createConversation(),
		timeoutMs: flags.timeoutMs,
		verbose: flags.verbose,
		log: out,
		...(appSecret ? {appSecret} : {}),
	});

	let server: Awaited<ReturnType<typeof startServer>>;
	try {
		server = await startServer({port, host, session, log: out});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		fail(
			code === 'EADDRINUSE'
				? `port ${port} is in use (another wamock or a bot already listens there; try --port ${port + 1})`
				: `could not listen on ${host}:${port} (${code ?? (error instanceof Error ? error.message : String(error))})`,
			1,
		);
		return;
	}

	out(`wamock serving on ${server.url} (page, send API at /v23.0/<phone_number_id>/messages)`);
	out(
		`  bots that reply through the send API: use ${server.url} as the Graph API base URL ` +
			`(e.g. POST ${server.url}/v23.0/${settings.identity.phoneNumberId}/messages)`,
	);
	if (appSecret) {
		out('  webhooks are signed (X-Hub-Signature-256)');
	}

	out('  targets:');
	const width = Math.max(...Object.keys(settings.targets).map((name) => name.length));
	for (const target of session.targets()) {
		const mark = target.name === settings.defaultTarget ? '  (default)' : '';
		out(`    ${target.name.padEnd(width)}  ${target.url}${mark}`);
	}

	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) {
			// A second Ctrl+C means "now", not "after the bot answers".
			flush();
			process.exit(1);
		}

		stopping = true;
		out(`wamock: ${signal}, shutting down`);
		void server.close().then(() => {
			flush();
			process.exit(0);
		});
	};

	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
};
