import {type ChatBackend, localBackend} from './backend.js';
import {probeWamock, remoteBackend} from './client.js';
import {createConversation, type Entry} from './core/conversation.js';
import type {Settings, Target} from './core/targets.js';
import {type Io, type OneShotOptions, userMessage} from './one-shot.js';
import {renderEntry} from './render/entry.js';
import {startServer} from './server/index.js';
import {createSession} from './session.js';

type Listener = {backend: ChatBackend; target: Target; note?: string};

/**
Where async replies (send API) can reach this one-shot: a wamock server already running on the port (send
through it, follow its event stream), or a listener of our own on that port.
*/
const listen = async (
	settings: Settings,
	target: Target,
	port: number,
	timeoutMs: number,
	appSecret?: string,
): Promise<Listener> => {
	const base = `http://127.0.0.1:${port}`;
	const running = await probeWamock(base);
	if (running === 'wamock') {
		const remote = await remoteBackend(base);
		// A name means the server's target of that name; a URL must be one the server has configured.
		const known = remote.targets.find((candidate) =>
			target.name === target.url ? candidate.url === target.url : candidate.name === target.name,
		);
		if (known) {
			return {backend: remote, target: known, note: `sending through the wamock server at ${base}`};
		}

		await remote.close();
	}

	// A target given as a URL is known to this run only.
	const withTarget: Settings = {...settings, targets: {...settings.targets, [target.name]: target.url}};
	const session = createSession({
		settings: withTarget,
		conversation: createConversation(),
		timeoutMs,
		...(appSecret ? {appSecret} : {}),
	});
	if (running !== 'none') {
		const who =
			running === 'wamock' ? `a wamock server that does not know target ${target.name}` : 'another program';
		return {
			backend: localBackend(session),
			target,
			note: `port ${port} is used by ${who}: replies sent through the send API cannot reach this run`,
		};
	}

	try {
		const server = await startServer({port, session});
		return {backend: localBackend(session, server.close), target};
	} catch (error) {
		return {
			backend: localBackend(session),
			target,
			note: `could not listen on port ${port} (${(error as Error).message})`,
		};
	}
};

/** The one-shot with `--wait`: send, then keep collecting replies (also those sent through the send API). */
export const runWithWait = async (
	options: OneShotOptions & {readonly waitMs: number; readonly port: number},
	settings: Settings,
	requested: Target,
	io: Io,
): Promise<number> => {
	const listener = await listen(settings, requested, options.port, options.timeoutMs, options.appSecret);
	const {backend, note, target} = listener;
	if (note) {
		io.err(`wamock: ${note}`);
	}

	const seen: Entry[] = [];
	const unsubscribe = backend.subscribe((event) => {
		if (event.type !== 'entry') {
			return;
		}

		seen.push(event.entry);
		if (!options.json) {
			for (const line of renderEntry(event.entry, io.style)) {
				io.out(line);
			}
		}
	});
	try {
		const sent = await backend.send({
			target: target.name,
			input: userMessage(options),
			phone: options.phone,
			name: options.name,
		});
		if (!sent.ok) {
			io.err(`wamock: ${sent.error}`);
			return 2;
		}

		await new Promise((resolve) => {
			setTimeout(resolve, options.waitMs);
		});
	} finally {
		unsubscribe();
		await backend.close();
	}

	const user = seen.find((entry) => entry.kind === 'user');
	const ours = seen.filter((entry) => user && entry.seq >= user.seq);
	const result = ours.find(
		(entry) => entry.kind === 'delivered' || (entry.kind === 'error' && entry.replyTo === user?.seq),
	);
	if (options.json) {
		const bots = ours.filter((entry) => entry.kind === 'bot');
		io.out(
			JSON.stringify({
				target: target.name,
				url: target.url,
				status: result?.kind === 'delivered' || result?.kind === 'error' ? result.status : null,
				...(result?.kind === 'delivered' ? {latencyMs: result.latencyMs} : {}),
				request: user?.kind === 'user' ? user.envelope : null,
				replies: bots.map((entry) => (entry.kind === 'bot' ? entry.message : null)),
				...(result?.kind === 'delivered' ? {body: result.body ?? null} : {}),
				...(result?.kind === 'error'
					? {error: {code: result.code, message: result.message}, body: result.body}
					: {}),
				entries: ours,
			}),
		);
	}

	return result?.kind === 'delivered' ? 0 : 1;
};
