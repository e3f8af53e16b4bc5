import type {ConversationEvent, Entry} from './core/conversation.js';
import type {Identity} from './core/envelope.js';
import type {Target} from './core/targets.js';
import type {SendRequest, Session} from './session.js';

/**
What a chat face (terminal app, one-shot --wait) needs from wherever the conversation lives: this process
(a session) or a wamock server that already runs (over HTTP and its event stream).
*/
export type ChatBackend = {
	readonly kind: 'local' | 'remote';
	readonly targets: readonly Target[];
	readonly defaultTarget: string;
	readonly identity: Identity;
	/** Resolves when the bot has answered (or failed); replies arrive as conversation events. */
	readonly send: (request: SendRequest) => Promise<{ok: true} | {ok: false; error: string}>;
	readonly clear: () => Promise<void>;
	/** The entries known so far, oldest first. */
	readonly entries: () => Entry[];
	readonly subscribe: (listener: (event: ConversationEvent) => void) => () => void;
	readonly close: () => Promise<void>;
};

export const localBackend = (
	session: Session,
	close: () => Promise<void> = async () => undefined,
): ChatBackend => ({
	kind: 'local',
	targets: session.targets(),
	defaultTarget: session.settings.defaultTarget,
	identity: session.settings.identity,
	async send(request) {
		const result = await session.send(request);
		return result.ok ? {ok: true} : {ok: false, error: result.error};
	},
	async clear() {
		session.conversation.clear();
	},
	entries: () => session.conversation.list(),
	subscribe: (listener) => session.conversation.subscribe(listener),
	close,
});
