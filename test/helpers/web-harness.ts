import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {type Browser, chromium, type Page} from 'playwright-core';
import {startBot} from '../../source/bot/index.js';
import {type Conversation, createConversation} from '../../source/core/conversation.js';
import {resolveSettings} from '../../source/core/targets.js';
import {startServer} from '../../source/server/index.js';
import {createSession, type Session} from '../../source/session.js';
import {freePort} from './server.js';

// The real page in a real Chromium, served by a real wamock server that talks to the real sample bot.

const assetsRoot = new URL('../../dist/', import.meta.url);

export type Harness = {
	readonly url: string;
	readonly session: Session;
	readonly conversation: Conversation;
	readonly close: () => Promise<void>;
};

/**
Starts the sample bot and a wamock server in front of it. In async mode the bot answers through wamock's send
API, so it must know wamock's URL before wamock (whose settings need the bot's URL) exists: a port is reserved first.
*/
export const startHarness = async (
	options: {readonly async?: boolean; readonly targets?: Record<string, string>} = {},
): Promise<Harness> => {
	assert.ok(
		existsSync(new URL('web/page.js', assetsRoot)),
		'dist/web/page.js is missing: run `npm run build` first',
	);
	const port = await freePort();
	const bot = await startBot({port: 0, ...(options.async ? {graphUrl: `http://127.0.0.1:${port}`} : {})});
	const resolved = resolveSettings({targets: {local: bot.url, ...options.targets}}, {});
	assert.ok(resolved.ok, resolved.ok ? '' : resolved.error);
	const conversation = createConversation();
	const session = createSession({settings: resolved.settings, conversation, timeoutMs: 5000});
	const server = await startServer({port, session, assetsRoot});
	return {
		url: server.url,
		session,
		conversation,
		async close() {
			await server.close();
			await bot.close();
		},
	};
};

export const launchChromium = async (): Promise<Browser> =>
	chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});

export type OpenPage = {
	readonly page: Page;
	/** Uncaught errors, CSP violations and alert/confirm dialogs seen so far: a clean page has none. */
	readonly problems: string[];
	readonly close: () => Promise<void>;
};

export const openPage = async (browser: Browser, harness: Harness): Promise<OpenPage> => {
	const context = await browser.newContext({viewport: {width: 900, height: 900}});
	context.setDefaultTimeout(10_000);
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
	page.on('console', (message) => {
		if (/content security policy/i.test(message.text())) {
			problems.push(`CSP: ${message.text()}`);
		}
	});
	page.on('dialog', (dialog) => {
		problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
		void dialog.dismiss();
	});
	await page.goto(harness.url);
	await page.locator('body[data-ready="true"]').waitFor();
	await page.locator('[data-testid="stream-state"][data-state="live"]').waitFor();
	return {page, problems, close: async () => context.close()};
};

/** Types into the composer and sends, as a user would. */
export const say = async (page: Page, text: string): Promise<void> => {
	await page.getByTestId('message-input').fill(text);
	await page.getByTestId('send').click();
};

/** The newest bubble of a kind holding this text, once it is on screen. */
export const bubble = async (page: Page, kind: string, text: string | RegExp) => {
	const locator = page.locator(`[data-kind="${kind}"]`).filter({hasText: text}).last();
	await locator.waitFor();
	return locator;
};
