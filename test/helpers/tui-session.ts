import {type ChatBackend, localBackend} from '../../source/backend.js';
import {startBot} from '../../source/bot/index.js';
import {createConversation} from '../../source/core/conversation.js';
import {defaultIdentity} from '../../source/core/envelope.js';
import {builtinTargets, type Settings} from '../../source/core/targets.js';
import {createSession, type Session} from '../../source/session.js';

export type ChatRig = {
	readonly backend: ChatBackend;
	readonly session: Session;
	readonly botUrl: string;
	readonly close: () => Promise<void>;
};

/** A real session talking to the real sample bot on a free port, as `npm start` runs it; extra targets allowed. */
export const startChatRig = async (targets: Record<string, string> = {}): Promise<ChatRig> => {
	const bot = await startBot({port: 0, host: '127.0.0.1'});
	const settings: Settings = {
		targets: {...builtinTargets, demo: bot.url, ...targets},
		defaultTarget: 'demo',
		identity: defaultIdentity,
	};
	const session = createSession({settings, conversation: createConversation(), timeoutMs: 5000});
	const backend = localBackend(session, async () => bot.close());
	return {backend, session, botUrl: bot.url, close: async () => backend.close()};
};
