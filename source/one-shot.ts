import {loadSettings} from './config.js';
import {buildEnvelope, type MessageType, type UserMessage} from './core/envelope.js';
import {metaJson} from './core/json.js';
import {replyView} from './core/reply-view.js';
import {resolveTarget, type Target} from './core/targets.js';
import {type ForwardOutcome, forward} from './forward.js';
import {outcomeLine, sentLine} from './log.js';
import {renderReply, type Styler} from './render/ansi.js';

export type OneShotOptions = {
	readonly message: string;
	readonly type: MessageType;
	readonly phone?: string;
	readonly name?: string;
	readonly title?: string;
	readonly description?: string;
	readonly contextId?: string;
	readonly target?: string;
	readonly timeoutMs: number;
	readonly appSecret?: string;
	readonly json: boolean;
	readonly verbose: boolean;
	/** Keep listening this long for replies sent through the send API. */
	readonly waitMs?: number;
	/** Where the wamock server (or our own listener) for those replies is. */
	readonly port?: number;
};

export type Io = {
	readonly out: (text: string) => void;
	readonly err: (text: string) => void;
	readonly style: Styler;
	readonly cwd: string;
	readonly env: Readonly<Record<string, string | undefined>>;
};

/** The message part of the options, as the core module takes it. */
export const userMessage = ({type, message, title, description, contextId}: OneShotOptions): UserMessage => ({
	type,
	message,
	title,
	description,
	contextId,
});

export const exitCodes = {ok: 0, failed: 1, usage: 2} as const;

const failureJson = (
	target: Target | undefined,
	status: number | null,
	code: string,
	message: string,
	body?: unknown,
) =>
	JSON.stringify({
		target: target?.name ?? null,
		url: target?.url ?? null,
		status,
		error: {code, message},
		...(body === undefined ? {} : {body}),
	});

const printOutcome = (outcome: ForwardOutcome, target: Target, io: Io): void => {
	if (outcome.kind === 'ok') {
		io.out(io.style.green(outcomeLine(outcome, target)));
		for (const reply of outcome.replies) {
			io.out('');
			for (const line of renderReply(replyView(reply), io.style)) {
				io.out(`  ${line}`);
			}
		}

		if (outcome.replies.length === 0 && outcome.rawBody.trim() !== '') {
			io.out(io.style.dim(`  body: ${outcome.rawBody.slice(0, 2000)}`));
		}

		return;
	}

	io.err(io.style.red(outcomeLine(outcome, target)));
	if (outcome.kind === 'bot-error' && outcome.rawBody.trim() !== '') {
		io.err(`  body: ${outcome.rawBody.slice(0, 2000)}`);
	}
};

/** Send one message to a bot and print what came back. Resolves to the process exit code. */
export const runOneShot = async (options: OneShotOptions, io: Io): Promise<number> => {
	const usage = (message: string, target?: Target): number => {
		if (options.json) {
			io.out(failureJson(target, null, 'invalid-input', message));
		}

		io.err(`wamock: ${message}`);
		return exitCodes.usage;
	};

	const loaded = await loadSettings(io.cwd, io.env);
	if (!loaded.ok) {
		return usage(loaded.error);
	}

	const resolved = resolveTarget(loaded.settings, options.target, {allowUrl: true});
	if (!resolved.ok) {
		return usage(resolved.error);
	}

	const {target} = resolved;
	const identity = {
		...loaded.settings.identity,
		...(options.phone === undefined ? {} : {phone: options.phone}),
		...(options.name === undefined ? {} : {name: options.name}),
	};
	const built = buildEnvelope(userMessage(options), identity);
	if (!built.ok) {
		return usage(built.error, target);
	}

	if (options.waitMs !== undefined && options.waitMs > 0) {
		// Imported only here: the plain one-shot never loads the server.
		const {runWithWait} = await import('./one-shot-wait.js');
		return runWithWait(
			{...options, waitMs: options.waitMs, port: options.port ?? 8001},
			loaded.settings,
			target,
			io,
		);
	}

	const body = metaJson(built.envelope);
	const sent = sentLine(built.message, identity.name, target);
	if (options.json) {
		if (options.verbose) {
			io.err(sent);
		}
	} else {
		io.out(sent);
	}

	if (options.verbose) {
		io.err(
			`  headers: content-type: application/json, accept: application/json, x-mock-testing: true${options.appSecret ? ', x-hub-signature-256: sha256=…' : ''}`,
		);
		io.err(`  body: ${body}`);
	}

	const outcome = await forward(target, body, {
		timeoutMs: options.timeoutMs,
		...(options.appSecret ? {appSecret: options.appSecret} : {}),
	});
	if (options.verbose && 'rawBody' in outcome) {
		io.err(`  response (${outcome.contentType || 'no content type'}): ${outcome.rawBody.slice(0, 10_000)}`);
	}

	if (options.json) {
		io.out(
			outcome.kind === 'ok'
				? JSON.stringify({
						target: target.name,
						url: target.url,
						status: outcome.status,
						latencyMs: outcome.latencyMs,
						request: built.envelope,
						replies: outcome.replies,
						body: outcome.body,
					})
				: failureJson(
						target,
						outcome.status,
						outcome.kind,
						outcome.message,
						'body' in outcome ? outcome.body : undefined,
					),
		);
		if (options.verbose) {
			io.err(outcomeLine(outcome, target));
		}
	} else {
		printOutcome(outcome, target, io);
	}

	return outcome.kind === 'ok' ? exitCodes.ok : exitCodes.failed;
};
