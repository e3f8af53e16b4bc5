#!/usr/bin/env node
// No Ink or React here: the one-shot mode must start fast, so the chat UI is imported only when it is used.
import process from 'node:process';
import meow from 'meow';
import {isMessageType, messageTypes} from './core/envelope.js';
import {defaultTimeoutMs} from './forward.js';
import {exitCodes, runOneShot} from './one-shot.js';
import {stylerFor} from './render/ansi.js';

const cli = meow(
	`
	Usage
	  $ wamock                       chat with your bot in the terminal
	  $ wamock [options] <message>   send one message and print the replies
	  $ wamock serve                 the mini-server: web page, send API, event stream
	  $ wamock bot                   run the sample bot (POST /bot/webhook)
	  $ wamock send <message>        send a message that reads like a command ("bot")

	Message options
	  --type <type>         text, button, interactive or list (default: text);
	                        for button/interactive/list the message is the reply id
	  --title <title>       reply title (default: the id)
	  --description <text>  list row description
	  --context-id <wamid>  the bot message being answered (context.id)
	  --phone <digits>      sender phone (default: 263778177125)
	  --name <name>         sender profile name (default: Test User)

	Delivery options
	  --target <name|url>   local, staging, a target from wamock.config.json, or a URL
	  --timeout <ms>        give up on the bot after this long (default: ${defaultTimeoutMs})
	  --app-secret <secret> sign each POST with X-Hub-Signature-256 (or WAMOCK_APP_SECRET)
	  --json                print one JSON object instead of the chat view
	  --verbose             also print headers and bodies
	  --wait <ms>           keep listening this long for replies sent through the send API
	                        (through a wamock server on --port if one runs, else a listener of its own)

	Server options (wamock serve, and the chat app)
	  --port <port>         listen port (default: 8001; the sample bot: 8000)
	  --host <host>         listen address (default: 127.0.0.1; 0.0.0.0 in containers)

	Chat app options (wamock with no message)
	  --demo                chat with the built-in sample bot (target "demo"); what npm start runs
	  --no-server           do not start the mini-server (no web page, no send API)

	Sample bot options (wamock bot)
	  --graph-url <url>     reply through the send API at this base URL (e.g. http://localhost:8001)
	  --verify-token <t>    token for the GET verification handshake (default: wamock-verify-token)

	Exit status: 0 the bot answered 2xx; 1 unreachable, timeout or a non-2xx answer; 2 usage error.

	Examples
	  $ wamock bot
	  $ wamock --phone 263778177125 "hi"
	  $ wamock --type interactive "balance" --target staging
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			type: {type: 'string', default: 'text'},
			title: {type: 'string'},
			description: {type: 'string'},
			contextId: {type: 'string'},
			phone: {type: 'string'},
			name: {type: 'string'},
			target: {type: 'string'},
			timeout: {type: 'number', default: defaultTimeoutMs},
			appSecret: {type: 'string'},
			json: {type: 'boolean', default: false},
			wait: {type: 'number'},
			verbose: {type: 'boolean', default: false},
			port: {type: 'number'},
			host: {type: 'string'},
			verifyToken: {type: 'string'},
			graphUrl: {type: 'string'},
			demo: {type: 'boolean', default: false},
			server: {type: 'boolean', default: true},
		},
	},
);

const {flags, input} = cli;
const fail = (message: string): never => {
	process.stderr.write(`wamock: ${message}\n`);
	process.exit(exitCodes.usage);
};

const validPort = (port: number | undefined, fallback: number): number => {
	const value = port ?? fallback;
	if (!Number.isInteger(value) || value < 0 || value > 65_535) {
		fail(`--port must be a whole number from 0 to 65535 (got ${String(port)})`);
	}

	return value;
};

const runBot = async () => {
	const {startBot} = await import('./bot/index.js');
	try {
		const bot = await startBot({
			port: validPort(flags.port, 8000),
			host: flags.host ?? '127.0.0.1',
			...(flags.verifyToken ? {verifyToken: flags.verifyToken} : {}),
			...(flags.graphUrl ? {graphUrl: flags.graphUrl} : {}),
			log: (line) => process.stdout.write(`${line}\n`),
		});
		const mode = flags.graphUrl
			? `replies through the send API at ${flags.graphUrl}`
			: 'replies in the response body';
		process.stdout.write(`wamock sample bot listening on ${bot.url} (${mode})\n`);
		const stop = () => {
			void bot.close().then(() => process.exit(0));
		};

		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	} catch (error) {
		process.stderr.write(`wamock: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	}
};

const runSend = async (words: string[]) => {
	if (!isMessageType(flags.type)) {
		fail(`unknown message type "${flags.type}" (use one of: ${messageTypes.join(', ')})`);
	}

	if (!Number.isFinite(flags.timeout) || flags.timeout <= 0) {
		fail(`--timeout must be a positive number of milliseconds (got ${String(flags.timeout)})`);
	}

	if (flags.wait !== undefined && (!Number.isFinite(flags.wait) || flags.wait < 0)) {
		fail(`--wait must be a number of milliseconds (got ${String(flags.wait)})`);
	}

	const appSecret = flags.appSecret ?? process.env['WAMOCK_APP_SECRET'];
	process.exitCode = await runOneShot(
		{
			message: words.join(' '),
			type: flags.type as (typeof messageTypes)[number],
			timeoutMs: flags.timeout,
			json: flags.json,
			verbose: flags.verbose,
			phone: flags.phone,
			name: flags.name,
			title: flags.title,
			description: flags.description,
			contextId: flags.contextId,
			target: flags.target,
			...(flags.wait === undefined ? {} : {waitMs: flags.wait, port: validPort(flags.port, 8001)}),
			...(appSecret ? {appSecret} : {}),
		},
		{
			out: (text) => process.stdout.write(`${text}\n`),
			err: (text) => process.stderr.write(`${text}\n`),
			style: stylerFor(process.stdout, process.env),
			cwd: process.cwd(),
			env: process.env,
		},
	);
};

const runChat = async () => {
	if (process.stdout.isTTY) {
		// Ink draws nothing but the last frame when it thinks it runs in CI; a person at a terminal wants the chat.
		for (const key of Object.keys(process.env)) {
			if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) {
				delete process.env[key];
			}
		}
	}

	const {runTui} = await import('./tui.js');
	const appSecret = flags.appSecret ?? process.env['WAMOCK_APP_SECRET'];
	process.exitCode = await runTui({
		port: validPort(flags.port, 8001),
		server: flags.server,
		timeoutMs: flags.timeout,
		demo: flags.demo,
		verbose: flags.verbose,
		...(flags.host === undefined ? {} : {host: flags.host}),
		...(appSecret ? {appSecret} : {}),
		...(flags.target === undefined ? {} : {target: flags.target}),
		...(flags.phone === undefined ? {} : {phone: flags.phone}),
		...(flags.name === undefined ? {} : {name: flags.name}),
	});
};

const [first, ...rest] = input;
if (first === 'bot' && rest.length === 0) {
	await runBot();
} else if (first === 'serve' && rest.length === 0) {
	const {runServe} = await import('./server/serve.js');
	const appSecret = flags.appSecret ?? process.env['WAMOCK_APP_SECRET'];
	await runServe({
		port: validPort(flags.port, 8001),
		...(flags.host ? {host: flags.host} : {}),
		timeoutMs: flags.timeout,
		verbose: flags.verbose,
		...(appSecret ? {appSecret} : {}),
	});
} else if (first === 'send') {
	await runSend(rest);
} else if (first === undefined) {
	await runChat();
} else {
	await runSend(input);
}
