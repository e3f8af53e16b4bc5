// `wamock serve` as runServe wires it, minus the log: `node quiet-serve.js <port> <botUrl>`. Run beside the real
// one, it shows what writing a line per message costs.
import process from 'node:process';
import {createConversation} from '../../dist/core/conversation.js';
import {resolveSettings} from '../../dist/core/targets.js';
import {startServer} from '../../dist/server/index.js';
import {createSession} from '../../dist/session.js';

const [port, botUrl] = process.argv.slice(2);
const resolved = resolveSettings(undefined, {WAMOCK_LOCAL_URL: botUrl});
if (!resolved.ok) {
	throw new Error(resolved.error);
}

const session = createSession({
	settings: resolved.settings,
	conversation: createConversation(),
	timeoutMs: 30_000,
});
const server = await startServer({port: Number(port), session});
process.once('SIGTERM', () => {
	void server.close().then(() => process.exit(0));
});
