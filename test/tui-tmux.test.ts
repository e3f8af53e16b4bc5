import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {type TestContext, test} from 'node:test';
import {freePort, startServer} from './helpers/server.js';
import {startChatRig} from './helpers/tui-session.js';
import {hasTmux, startPane} from './helpers/tui-tmux.js';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');

/** The built binary; through dist/tui.js directly while the CLI does not route to the chat yet. */
const command = (port: number, demo = true): {line: string; wired: boolean} => {
	const wired = existsSync(cli) && readFileSync(cli, 'utf8').includes('runTui');
	if (wired) {
		return {line: `node dist/cli.js${demo ? ' --demo' : ''} --port ${port}`, wired};
	}

	const options = `{port: ${port}, server: true, timeoutMs: 10000, demo: ${demo}, verbose: false}`;
	const script = `const {runTui} = await import('./dist/tui.js'); process.exitCode = await runTui(${options});`;
	return {line: `node --input-type=module -e "${script}"`, wired};
};

test('the built app in a real terminal: hi, a button, Ctrl+C, and the shell works afterwards', async (t) => {
	if (!hasTmux()) {
		t.skip('tmux is not installed');
		return;
	}

	assert.ok(existsSync(path.join(root, 'dist', 'tui.js')), 'dist/tui.js is missing: run npm run build first');
	const port = await freePort();
	const {line, wired} = command(port);
	if (!wired) {
		t.diagnostic('dist/cli.js does not start the chat yet; ran dist/tui.js directly');
	}

	const pane = await startPane({cwd: root});
	try {
		await pane.waitFor((screen) => screen.startsWith('$'), 'the shell prompt');
		await pane.type(`${line}; echo "exit=$?"`);
		await pane.press('Enter');
		const start = await pane.waitFor((screen) => screen.includes('No messages yet'), 'the chat to start');
		assert.match(start, /to demo http:\/\/127\.0\.0\.1:\d+\/bot\/webhook/);
		assert.match(start, new RegExp(`web page and send API at http://127\\.0\\.0\\.1:${port}`));
		assert.match(start, /Enter send · Tab\/Shift\+Tab focus/, 'the key help is visible');

		await pane.type('hi');
		await pane.waitFor((screen) => screen.includes('text › hi'), 'hi in the composer');
		await pane.press('Enter');
		const menu = await pane.waitFor((screen) => screen.includes('[ Help ]'), 'the buttons');
		assert.match(menu, /\[ Check balance \][\s\S]*\[ Send money \][\s\S]*\[ Help \]/);

		await pane.press('Tab');
		await pane.waitFor((screen) => screen.includes('❯ [ Check balance ]'), 'the buttons focused');
		await pane.press('Down');
		await pane.waitFor((screen) => screen.includes('❯ [ Send money ]'), 'the second button');
		await pane.press('Enter');
		const answer = await pane.waitFor(
			(screen) => screen.includes('You chose Send money (id: send_money)'),
			"the bot's answer",
		);
		assert.match(answer, /↩ Send money/);

		const quitting = Date.now();
		await pane.press('C-c');
		const after = await pane.waitFor((screen) => screen.includes('exit=0'), 'the app to exit with 0');
		assert.ok(Date.now() - quitting < 5000, 'the app exits promptly');
		assert.doesNotMatch(after, /Error|at .*\.js:\d+/, 'no stack trace');
		assert.equal(await pane.show('#{alternate_on}'), '0', 'not left in the alternate screen');
		assert.equal(await pane.show('#{cursor_flag}'), '1', 'the cursor is visible again');

		// The shell reads, echoes and runs a command: the terminal is usable. $((…)) proves it ran, not just echoed.
		await pane.type('echo "ok-$((40 + 2))-done"');
		await pane.press('Enter');
		await pane.waitFor((screen) => screen.includes('ok-42-done'), 'the shell to run a command');
	} finally {
		await pane.kill();
	}
});

/** Starts the built chat in a fresh pane and waits for its first screen. */
const launch = async (t: TestContext, port: number, demo: boolean) => {
	const pane = await startPane({cwd: root});
	const {line, wired} = command(port, demo);
	if (!wired) {
		t.diagnostic('dist/cli.js does not start the chat yet; ran dist/tui.js directly');
	}

	await pane.waitFor((screen) => screen.startsWith('$'), 'the shell prompt');
	await pane.type(`${line}; echo "exit=$?"`);
	await pane.press('Enter');
	await pane.waitFor((screen) => screen.includes('text ›'), 'the chat to start');
	return pane;
};

test('a port held by another program: the chat says so and still talks to the bot', async (t) => {
	if (!hasTmux()) {
		t.skip('tmux is not installed');
		return;
	}

	const other = await startServer((_request, response) => {
		response.writeHead(404).end('not wamock');
	});
	const pane = await launch(t, other.port, true);
	try {
		const screen = await pane.waitFor((text) => text.includes('taken by another program'), 'the notice');
		assert.match(
			screen,
			new RegExp(`port ${other.port} is taken by another program; async replies \\(send API\\) are off`),
		);
		await pane.type('hi');
		await pane.press('Enter');
		await pane.waitFor((text) => text.includes('[ Help ]'), 'the buttons');
		await pane.press('C-c');
		await pane.waitFor((text) => text.includes('exit=0'), 'the app to exit');
	} finally {
		await pane.kill();
		await other.close();
	}
});

test('a wamock server on the port: the chat joins it and both see the same conversation', async (t) => {
	if (!hasTmux()) {
		t.skip('tmux is not installed');
		return;
	}

	const {startServer: startWamock} = await import('../source/server/index.js');
	const rig = await startChatRig();
	const wamock = await startWamock({port: 0, session: rig.session});
	const pane = await launch(t, wamock.port, false);
	try {
		await pane.waitFor((text) => text.includes(`joined the wamock server at ${wamock.url}`), 'joined');
		await pane.type('hi');
		await pane.press('Enter');
		await pane.waitFor((text) => text.includes('[ Help ]'), 'the buttons, through the server');
		assert.ok(
			rig.session.conversation.list().some((entry) => entry.kind === 'user'),
			'sent through the server',
		);
		rig.session.receiveBotMessage(
			{messaging_product: 'whatsapp', to: '263778177125', type: 'text', text: {body: 'from another window'}},
			'send-api',
		);
		await pane.waitFor((text) => text.includes('from another window'), 'the other window');
		await pane.press('C-c');
		await pane.waitFor((text) => text.includes('exit=0'), 'the app to exit');
	} finally {
		await pane.kill();
		await wamock.close();
		await rig.close();
	}
});
