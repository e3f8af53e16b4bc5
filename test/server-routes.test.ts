import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {createConversation, type Entry} from '../source/core/conversation.js';
import {resolveSettings} from '../source/core/targets.js';
import {pagePolicy} from '../source/server/assets.js';
import {startServer as startWamockServer} from '../source/server/index.js';
import {createSession} from '../source/session.js';
import {startServer, type TestServer} from './helpers/server.js';
import {distBuilt, distRoot, postJson, startWamock, type TestWamock} from './helpers/wamock.js';

const open: Array<{close: () => Promise<void>}> = [];
const folders: string[] = [];
after(async () => {
	await Promise.all(open.map(async (server) => server.close()));
	await Promise.all(folders.map(async (folder) => rm(folder, {recursive: true, force: true})));
});

const echoBot = async (): Promise<TestServer> => {
	const bot = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end('{}');
	});
	open.push(bot);
	return bot;
};

const wamockFor = async (options: Parameters<typeof startWamock>[1] = {}): Promise<TestWamock> => {
	const bot = await echoBot();
	const wamock = await startWamock(`${bot.url}/bot/webhook`, options);
	open.push(wamock);
	return wamock;
};

/** A fake build output: web/ and core/ folders with files that must and must not be served. */
const fakeBuild = async (): Promise<URL> => {
	const root = await mkdtemp(path.join(tmpdir(), 'wamock-assets-'));
	folders.push(root);
	await mkdir(path.join(root, 'web', 'nested'), {recursive: true});
	await mkdir(path.join(root, 'core'));
	await writeFile(path.join(root, 'web', 'index.html'), '<!doctype html><title>wamock</title>');
	await writeFile(path.join(root, 'web', 'app.js'), 'export const app = 1;');
	await writeFile(path.join(root, 'web', 'style.css'), 'body{}');
	await writeFile(path.join(root, 'web', 'logo.svg'), '<svg/>');
	await writeFile(path.join(root, 'web', 'notes.txt'), 'secret');
	await writeFile(path.join(root, 'web', 'nested', 'deep.js'), 'nested');
	await writeFile(path.join(root, 'core', 'envelope.js'), 'export const envelope = 1;');
	await writeFile(path.join(root, 'core', 'envelope.ts'), 'source');
	await writeFile(path.join(root, 'secret.js'), 'outside');
	return pathToFileURL(`${root}/`);
};

describe('conversation API', () => {
	test('/health names wamock and its version', async () => {
		const wamock = await wamockFor({version: '1.2.3'});
		const response = await fetch(`${wamock.url}/health`);
		assert.deepEqual(await response.json(), {ok: true, name: 'wamock', version: '1.2.3'});
		assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
	});

	test('the version is read from package.json when not given', async () => {
		const settings = resolveSettings({}, {});
		assert.ok(settings.ok);
		const session = createSession({
			settings: settings.settings,
			conversation: createConversation(),
			timeoutMs: 1000,
		});
		const server = await startWamockServer({port: 0, session, assetsRoot: distRoot});
		open.push(server);
		const {version} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
			version: string;
		};
		assert.deepEqual(await (await fetch(`${server.url}/health`)).json(), {ok: true, name: 'wamock', version});
	});

	test('/api/targets lists configured targets, the default and the identity', async () => {
		const wamock = await wamockFor({targets: {other: 'https://example.com/hook'}});
		const body = (await (await fetch(`${wamock.url}/api/targets`)).json()) as {
			targets: Array<{name: string; url: string}>;
			defaultTarget: string;
			identity: {phone: string; name: string};
		};
		assert.equal(body.defaultTarget, 'local');
		assert.deepEqual(
			body.targets.find((target) => target.name === 'other'),
			{name: 'other', url: 'https://example.com/hook'},
		);
		assert.ok(body.targets.some((target) => target.name === 'local' && target.url.endsWith('/bot/webhook')));
		assert.equal(body.identity.phone, '263778177125');
		assert.equal(body.identity.name, 'Test User');
	});

	test('/api/messages lists entries, ?since filters, DELETE clears', async () => {
		const wamock = await wamockFor();
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'one'});
		await postJson(`${wamock.url}/webhook`, {type: 'text', message: 'two'});
		const all = (await (await fetch(`${wamock.url}/api/messages`)).json()) as {
			entries: Entry[];
			lastSeq: number;
		};
		assert.equal(all.lastSeq, 4);
		assert.deepEqual(
			all.entries.map((entry) => entry.seq),
			[1, 2, 3, 4],
		);
		const later = (await (await fetch(`${wamock.url}/api/messages?since=2`)).json()) as {entries: Entry[]};
		assert.deepEqual(
			later.entries.map((entry) => entry.seq),
			[3, 4],
		);
		assert.equal((await fetch(`${wamock.url}/api/messages?since=-1`)).status, 400);
		const cleared = await fetch(`${wamock.url}/api/messages`, {method: 'DELETE'});
		assert.deepEqual(await cleared.json(), {ok: true});
		const after = (await (await fetch(`${wamock.url}/api/messages`)).json()) as {
			entries: Entry[];
			lastSeq: number;
		};
		assert.deepEqual(after, {entries: [], lastSeq: 4});
	});
});

describe('the page', () => {
	test('GET / serves the built page with its CSP, or a 503 when it was not built', async () => {
		const wamock = await wamockFor({assetsRoot: distRoot});
		const response = await fetch(`${wamock.url}/`);
		if (distBuilt) {
			assert.equal(response.status, 200);
			assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
			assert.equal(response.headers.get('content-security-policy'), pagePolicy);
			assert.match(await response.text(), /<html|<!doctype/i);
		} else {
			assert.equal(response.status, 503);
			assert.match(((await response.json()) as {error: {message: string}}).error.message, /npm run build/);
		}
	});

	test('assets come from the table built at start-up, never from a path in the URL', async () => {
		const wamock = await wamockFor({assetsRoot: await fakeBuild()});
		const page = await fetch(`${wamock.url}/`);
		assert.equal(page.status, 200);
		assert.equal(await page.text(), '<!doctype html><title>wamock</title>');
		assert.equal(page.headers.get('content-security-policy'), pagePolicy);
		assert.match(pagePolicy, /script-src 'self'/);
		assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
		for (const [file, type, body] of [
			['/web/app.js', 'text/javascript; charset=utf-8', 'export const app = 1;'],
			['/web/style.css', 'text/css; charset=utf-8', 'body{}'],
			['/web/logo.svg', 'image/svg+xml; charset=utf-8', '<svg/>'],
			['/core/envelope.js', 'text/javascript; charset=utf-8', 'export const envelope = 1;'],
		] as const) {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(`${wamock.url}${file}`);
			assert.equal(response.status, 200, file);
			assert.equal(response.headers.get('content-type'), type);
			// eslint-disable-next-line no-await-in-loop
			assert.equal(await response.text(), body);
		}

		for (const file of [
			'/web/notes.txt',
			'/web/index.html',
			'/web/nested/deep.js',
			'/core/envelope.ts',
			'/secret.js',
			'/web/..%2fsecret.js',
			'/web/%2e%2e/secret.js',
			'/core/..%2F..%2Fsecret.js',
		]) {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(`${wamock.url}${file}`);
			assert.equal(response.status, 404, file);
		}
	});

	test('GET / without a build answers 503', async () => {
		const empty = await mkdtemp(path.join(tmpdir(), 'wamock-empty-'));
		folders.push(empty);
		const wamock = await wamockFor({assetsRoot: pathToFileURL(`${empty}/`)});
		const response = await fetch(`${wamock.url}/`);
		assert.equal(response.status, 503);
		assert.deepEqual(await response.json(), {
			error: {code: 'page-not-built', message: 'web page not built (run npm run build)'},
		});
	});
});

describe('lifecycle', () => {
	test('a taken port rejects with EADDRINUSE', async () => {
		const first = await wamockFor();
		const settings = resolveSettings({}, {});
		assert.ok(settings.ok);
		const session = createSession({
			settings: settings.settings,
			conversation: createConversation(),
			timeoutMs: 1000,
		});
		await assert.rejects(startWamockServer({port: first.port, session, version: 'x'}), {code: 'EADDRINUSE'});
	});

	test('a wildcard bind reports a loopback URL', async () => {
		const settings = resolveSettings({}, {});
		assert.ok(settings.ok);
		const session = createSession({
			settings: settings.settings,
			conversation: createConversation(),
			timeoutMs: 1000,
		});
		const server = await startWamockServer({port: 0, host: '0.0.0.0', session, version: 'x'});
		open.push(server);
		assert.equal(server.url, `http://127.0.0.1:${server.port}`);
		assert.equal((await fetch(`${server.url}/health`)).status, 200);
	});

	test('close() lets a request in flight finish, then refuses new connections', async () => {
		const slow = await startServer((_request, response) => {
			setTimeout(() => response.writeHead(200, {'content-type': 'text/plain'}).end('late'), 300);
		});
		open.push(slow);
		const wamock = await startWamock(`${slow.url}/bot/webhook`);
		const pending = postJson(`${wamock.url}/webhook`, {type: 'text', message: 'hi'});
		await new Promise((resolve) => {
			setTimeout(resolve, 100);
		});
		const closed = wamock.close();
		const response = await pending;
		assert.equal(response.status, 200);
		assert.equal(await response.text(), 'late');
		await closed;
		await assert.rejects(fetch(`${wamock.url}/health`));
	});
});
