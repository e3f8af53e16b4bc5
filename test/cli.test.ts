import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {type Bot, startBot} from '../source/bot/index.js';
import {cliPath, runCli} from './helpers/cli.js';
import {freePort, startServer, type TestServer} from './helpers/server.js';

let bot: Bot;
let recorder: TestServer;
const reply = {messaging_product: 'whatsapp', to: '263778177125', type: 'text', text: {body: '*ok*'}};

before(async () => {
	bot = await startBot({port: 0});
	recorder = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(reply));
	});
});

after(async () => {
	await bot.close();
	await recorder.close();
});

const lastReceived = () => {
	const request = recorder.received.at(-1);
	assert.ok(request, 'the bot received nothing');
	return {
		request,
		envelope: JSON.parse(request.body.toString('utf8')) as {
			entry: Array<{changes: Array<{value: {messages: Array<Record<string, unknown>>}}>}>;
		},
	};
};

test('human output shows the sample bot buttons with their ids', async () => {
	const result = await runCli(['--phone', '263778177125', 'hi', '--target', bot.url]);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /→ 263778177125 \(Test User\) text "hi" to /);
	assert.match(result.stdout, /← .* 200 in [\d.]+ ms: 1 reply/);
	for (const [id, title] of [
		['balance', 'Check balance'],
		['send_money', 'Send money'],
		['help', 'Help'],
	]) {
		assert.match(result.stdout, new RegExp(`\\[ ${title} \\]\\s+id: ${id}`));
	}

	assert.match(result.stdout, /VimbisoPay demo/);
	assert.match(result.stdout, /wamock sample bot/);
});

test('list replies show sections, rows, ids and descriptions', async () => {
	const result = await runCli(['list', '--target', bot.url]);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /☰ Choose/);
	assert.match(result.stdout, /Account/);
	assert.match(result.stdout, /○ Mini statement\s+id: statement/);
	assert.match(result.stdout, /Your last 5 transactions/);
});

test('WhatsApp formatting is shown as terminal styles when colour is on', async () => {
	const result = await runCli(['hello', '--target', recorder.url], {env: {NO_COLOR: '', FORCE_COLOR: '1'}});
	assert.equal(result.code, 0, result.stderr);
	assert.ok(result.stdout.includes('\u001B[1mok\u001B[22m'), JSON.stringify(result.stdout));
});

test('--json: one object with the request and the replies', async () => {
	const result = await runCli([
		'--json',
		'--type',
		'interactive',
		'balance',
		'--title',
		'Check balance',
		'--context-id',
		'wamid.X',
		'--target',
		bot.url,
	]);
	assert.equal(result.code, 0, result.stderr);
	const output = JSON.parse(result.stdout) as Record<string, unknown>;
	assert.deepEqual(Object.keys(output).sort(), [
		'body',
		'latencyMs',
		'replies',
		'request',
		'status',
		'target',
		'url',
	]);
	assert.equal(output['status'], 200);
	assert.equal(output['url'], bot.url);
	const replies = output['replies'] as Array<{text: {body: string}}>;
	assert.match(replies[0]?.text.body ?? '', /Check balance/);
	const request = output['request'] as {entry: Array<{changes: Array<{value: {messages: unknown[]}}>}>};
	const message = request.entry[0]?.changes[0]?.value.messages[0] as Record<string, unknown> | undefined;
	assert.deepEqual(message?.['context'], {
		from: '15550783881',
		id: 'wamid.X',
	});
});

test('each --type reaches the bot as PROTOCOL.md describes, with all three headers', async () => {
	const cases: Array<[string[], Record<string, unknown>]> = [
		[['hi'], {type: 'text', text: {body: 'hi'}}],
		[['--type', 'button', 'button_1'], {type: 'button', button: {payload: 'button_1', text: 'button_1'}}],
		[
			['--type', 'interactive', 'menu_option_1'],
			{
				type: 'interactive',
				interactive: {type: 'button_reply', button_reply: {id: 'menu_option_1', title: 'menu_option_1'}},
			},
		],
		[
			['--type', 'list', 'r1', '--title', 'Row', '--description', 'd'],
			{
				type: 'interactive',
				interactive: {type: 'list_reply', list_reply: {id: 'r1', title: 'Row', description: 'd'}},
			},
		],
	];
	for (const [args, expected] of cases) {
		const result = await runCli([
			...args,
			'--phone',
			'263771111111',
			'--name',
			'Rudo',
			'--target',
			recorder.url,
		]);
		assert.equal(result.code, 0, result.stderr);
		const {request, envelope} = lastReceived();
		assert.equal(request.headers['content-type'], 'application/json');
		assert.equal(request.headers.accept, 'application/json');
		assert.equal(request.headers['x-mock-testing'], 'true');
		const message = envelope.entry[0]?.changes[0]?.value.messages[0] ?? {};
		assert.equal(message['from'], '263771111111');
		for (const [key, value] of Object.entries(expected)) {
			assert.deepEqual(message[key], value, `${args.join(' ')}: ${key}`);
		}

		if (args.includes('button')) {
			assert.match(String((message['context'] as {id: string}).id), /^wamid\./);
		}
	}
});

test('--app-secret signs the exact bytes and is never printed', async () => {
	const result = await runCli([
		'hi',
		'--verbose',
		'--app-secret',
		'top-secret-value',
		'--target',
		recorder.url,
	]);
	assert.equal(result.code, 0, result.stderr);
	const {request} = lastReceived();
	const expected = `sha256=${createHmac('sha256', 'top-secret-value').update(request.body).digest('hex')}`;
	assert.equal(request.headers['x-hub-signature-256'], expected);
	assert.ok(!`${result.stdout}${result.stderr}`.includes('top-secret-value'));
	assert.match(result.stderr, /x-mock-testing: true/);
	const fromEnv = await runCli(['hi', '--target', recorder.url], {env: {WAMOCK_APP_SECRET: 'env-secret'}});
	assert.equal(fromEnv.code, 0);
	const signed = lastReceived().request;
	assert.equal(
		signed.headers['x-hub-signature-256'],
		`sha256=${createHmac('sha256', 'env-secret').update(signed.body).digest('hex')}`,
	);
});

test('exit 1 and a JSON error when the bot is unreachable, slow or failing', async () => {
	const refused = `http://127.0.0.1:${await freePort()}/bot/webhook`;
	const unreachable = await runCli(['--json', 'hi', '--target', refused]);
	assert.equal(unreachable.code, 1);
	assert.deepEqual(JSON.parse(unreachable.stdout), {
		target: refused,
		url: refused,
		status: 502,
		error: {code: 'unreachable', message: `could not reach bot at ${refused} (connection refused)`},
	});
	const human = await runCli(['hi', '--target', refused]);
	assert.equal(human.code, 1);
	assert.match(human.stderr, /unreachable \(502\): could not reach bot at .* \(connection refused\)/);
	assert.ok(!human.stderr.includes('    at '), 'no stack trace');

	const silent = await startServer(() => undefined);
	const timeout = await runCli(['--json', '--timeout', '300', 'hi', '--target', silent.url]);
	await silent.close();
	assert.equal(timeout.code, 1);
	assert.equal((JSON.parse(timeout.stdout) as {status: number; error: {code: string}}).error.code, 'timeout');

	const failing = await startServer((_request, response) => {
		response.writeHead(500, {'content-type': 'text/html'}).end('<h1>Internal Server Error</h1>');
	});
	const botError = await runCli(['--json', 'hi', '--target', failing.url]);
	const humanError = await runCli(['hi', '--target', failing.url]);
	await failing.close();
	assert.equal(botError.code, 1);
	const parsed = JSON.parse(botError.stdout) as {status: number; error: {code: string}; body: string};
	assert.equal(parsed.status, 500);
	assert.equal(parsed.error.code, 'bot-error');
	assert.equal(parsed.body, '<h1>Internal Server Error</h1>');
	assert.match(humanError.stderr, /bot error 500/);
});

test('exit 2 for usage errors, with a clear message on stderr', async () => {
	for (const [args, pattern] of [
		[['--type', 'video', 'hi'], /unknown message type "video"/],
		[['--target', 'prod', 'hi'], /unknown target "prod" \(known targets: local, staging/],
		[['--bogus', 'hi'], /Unknown flag/],
		[
			['--type', 'interactive', 'ok', '--title', 'x'.repeat(21)],
			/button title is 21 characters; WhatsApp allows at most 20/,
		],
		[['--phone', 'abc', 'hi'], /phone number "abc" is not valid/],
		[['--timeout', '-5', 'hi'], /--timeout must be a positive number/],
		[[], /needs a terminal/],
	] as const) {
		const result = await runCli([...args]);
		assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.match(result.stderr, pattern);
	}

	const json = await runCli(['--json', 'x'.repeat(4097)]);
	assert.equal(json.code, 2);
	assert.equal((JSON.parse(json.stdout) as {error: {code: string}}).error.code, 'invalid-input');
});

test('targets from wamock.config.json and env', async () => {
	const dir = await mkdtemp(path.join(tmpdir(), 'wamock-cli-'));
	await writeFile(
		path.join(dir, 'wamock.config.json'),
		JSON.stringify({targets: {mine: recorder.url}, name: 'From File'}),
	);
	const byName = await runCli(['--json', 'hi', '--target', 'mine'], {cwd: dir});
	assert.equal(byName.code, 0, byName.stderr);
	assert.equal((JSON.parse(byName.stdout) as {url: string}).url, recorder.url);
	const contacts = lastReceived().envelope.entry[0]?.changes[0]?.value as unknown as {
		contacts: Array<{profile: {name: string}}>;
	};
	assert.equal(contacts.contacts[0]?.profile.name, 'From File');
	const viaEnv = await runCli(['--json', 'hi'], {cwd: dir, env: {WAMOCK_LOCAL_URL: recorder.url}});
	assert.equal((JSON.parse(viaEnv.stdout) as {target: string; url: string}).url, recorder.url);
});

test('--help and --version', async () => {
	const help = await runCli(['--help']);
	assert.equal(help.code, 0);
	for (const flag of [
		'--phone',
		'--type',
		'--target',
		'--timeout',
		'--app-secret',
		'--json',
		'--verbose',
		'--title',
		'--description',
		'--context-id',
		'--name',
	]) {
		assert.ok(help.stdout.includes(flag), flag);
	}

	const version = await runCli(['--version']);
	assert.equal(
		version.stdout.trim(),
		(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string})
			.version,
	);
});

test('the one-shot mode does not load Ink or React', () => {
	// Walk the static import graph of the built entry point; the chat UI may only be imported dynamically.
	const seen = new Set<string>();
	const bare = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file)) {
			return;
		}

		seen.add(file);
		const code = readFileSync(file, 'utf8');
		for (const match of code.matchAll(/^\s*import\s[^'"]*?['"]([^'"]+)['"]/gm)) {
			const specifier = match[1] ?? '';
			if (specifier.startsWith('.')) {
				visit(path.resolve(path.dirname(file), specifier));
			} else {
				bare.add(specifier);
			}
		}
	};

	visit(cliPath);
	assert.ok(seen.size > 5, `only ${seen.size} files reached`);
	assert.ok(bare.has('meow') && bare.has('ky'), [...bare].join(', '));
	for (const name of bare) {
		assert.ok(!/^(ink|react)(\/|-|$)/.test(name), `one-shot imports ${name}`);
	}
});
