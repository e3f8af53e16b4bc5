import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {Browser, Page} from 'playwright-core';
import {freePort} from './helpers/server.js';
import {bubble, type Harness, launchChromium, openPage, say, startHarness} from './helpers/web-harness.js';

let browser: Browser;

before(async () => {
	browser = await launchChromium();
});

after(async () => {
	await browser.close();
});

/** One page on one fresh wamock server and bot; fails on any page error, CSP violation or dialog. */
const withPage = async (
	options: Parameters<typeof startHarness>[0],
	run: (page: Page, harness: Harness) => Promise<void>,
) => {
	const harness = await startHarness(options);
	const opened = await openPage(browser, harness);
	try {
		await run(opened.page, harness);
		assert.deepEqual(opened.problems, []);
	} finally {
		await opened.close();
		await harness.close();
	}
};

const menuTitles = ['Check balance', 'Send money', 'Help'];

/** Sends hi, checks the menu as WhatsApp draws it, clicks one button and waits for the bot's answer. */
const clickThroughMenu = async (page: Page, harness: Harness, choice: {title: string; id: string}) => {
	await say(page, 'hi');
	await bubble(page, 'user', 'hi');
	const menu = await bubble(page, 'bot', 'What would you like to do?');
	const buttons = menu.getByTestId('reply-button');
	await buttons.nth(2).waitFor();
	assert.deepEqual(await buttons.allTextContents(), menuTitles);
	assert.equal(await menu.getByTestId('bubble-header').textContent(), 'VimbisoPay demo');
	assert.equal(await menu.getByTestId('bubble-footer').textContent(), 'wamock sample bot');
	assert.equal(await menu.locator('strong').first().textContent(), 'Welcome');
	assert.match((await menu.getByTestId('latency').textContent()) ?? '', /\d+(\.\d)? m?s/);

	await buttons.filter({hasText: choice.title}).click();
	const answer = await bubble(page, 'bot', `You chose ${choice.title} (id: ${choice.id})`);
	assert.equal(await answer.locator('strong').textContent(), choice.title);
	const reply = await bubble(page, 'user', choice.title);
	assert.match((await reply.getByTestId('quoted').textContent()) ?? '', /What would you like to do\?/);
	// The click came back once, through the stream, not also as a bubble drawn on the spot.
	assert.equal(await page.locator('[data-kind="user"]').count(), 2);

	const entries = harness.conversation.list();
	const botMenu = entries.find((entry) => entry.kind === 'bot' && entry.message.type === 'interactive');
	const click = entries.filter((entry) => entry.kind === 'user').at(-1);
	assert.ok(botMenu?.kind === 'bot' && click?.kind === 'user');
	assert.equal(click.message.context?.id, botMenu.wamid);
	assert.deepEqual(click.message['interactive'], {
		type: 'button_reply',
		button_reply: {id: choice.id, title: choice.title},
	});
	return {menu, reply};
};

test('web page: hi shows the menu buttons, a click sends button_reply and shows the answer', async () => {
	await withPage({}, async (page, harness) => {
		const status = page.getByTestId('status-line');
		assert.match((await status.textContent()) ?? '', /live/);
		assert.match(
			(await status.textContent()) ?? '',
			new RegExp(`local · ${harness.session.settings.targets['local']}`),
		);

		const {reply} = await clickThroughMenu(page, harness, {title: 'Send money', id: 'send_money'});
		await page.screenshot({path: '/tmp/wamock-web.png'});
		await reply.getByTestId('raw-toggle').click();
		const raw = (await reply.getByTestId('raw-json').textContent()) ?? '';
		assert.match(raw, /"object": "whatsapp_business_account"/);
		assert.match(raw, /"button_reply"/);
	});
});

test('web page: with the bot in async mode, replies sent later through the send API appear live', async () => {
	await withPage({async: true}, async (page, harness) => {
		await clickThroughMenu(page, harness, {title: 'Help', id: 'help'});
		const bots = harness.conversation.list().filter((entry) => entry.kind === 'bot');
		assert.ok(bots.length >= 2);
		assert.ok(bots.every((entry) => entry.kind === 'bot' && entry.via === 'send-api'));
	});
});

test('web page: a list opens with its sections, and a picked row sends list_reply', async () => {
	await withPage({}, async (page, harness) => {
		await say(page, 'list');
		const list = await bubble(page, 'bot', 'Pick a service');
		await list.getByTestId('list-button').click();
		const dialog = page.getByTestId('list-dialog');
		await dialog.waitFor();
		assert.deepEqual(await dialog.locator('h3').allTextContents(), ['Account', 'Payments']);
		assert.equal(await dialog.getByTestId('list-row').count(), 5);
		await dialog.getByTestId('list-row').filter({hasText: 'Buy airtime'}).click();
		await dialog.getByTestId('list-send').click();
		await dialog.waitFor({state: 'detached'});

		await bubble(page, 'user', 'Buy airtime');
		const answer = await bubble(page, 'bot', 'You chose Buy airtime (id: buy_airtime)');
		assert.equal(await answer.locator('em').textContent(), 'Top up any network');
		const pick = harness.conversation.list().findLast((entry) => entry.kind === 'user');
		assert.ok(pick?.kind === 'user');
		assert.deepEqual(pick.message['interactive'], {
			type: 'list_reply',
			list_reply: {id: 'buy_airtime', title: 'Buy airtime', description: 'Top up any network'},
		});
	});
});

test('web page: a bot text holding HTML shows as text, never as markup', async () => {
	await withPage({}, async (page) => {
		const attack = '<img src=x onerror=alert(1)>';
		await say(page, attack);
		const echo = await bubble(page, 'bot', 'You said');
		assert.ok(((await echo.textContent()) ?? '').includes(attack));
		assert.ok(((await (await bubble(page, 'user', attack)).textContent()) ?? '').includes(attack));
		assert.equal(await page.getByTestId('transcript').locator('img').count(), 0);
		// An onerror handler would have fired by now; withPage fails on any dialog.
		await page.waitForTimeout(300);
	});
});

test('web page: other reply types are cards, bad messages and failures are notices, clear empties the chat', async () => {
	const down = `http://127.0.0.1:${await freePort()}/bot/webhook`;
	await withPage({targets: {down}}, async (page, harness) => {
		const to = harness.session.settings.identity.phone;
		const base = {messaging_product: 'whatsapp', recipient_type: 'individual', to};
		for (const body of [
			{...base, type: 'location', location: {latitude: -17.83, longitude: 31.05, name: 'Harare office'}},
			{...base, type: 'image', image: {link: 'https://example.com/receipt.png', caption: 'Your *receipt*'}},
			{...base, type: 'template', template: {name: 'welcome', language: {code: 'en_US'}}},
			{
				...base,
				type: 'contacts',
				contacts: [{name: {formatted_name: 'Support desk', first_name: 'Support'}}],
			},
			{
				...base,
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					body: {text: 'Open your dashboard'},
					action: {name: 'cta_url', parameters: {display_text: 'Open', url: 'https://example.com'}},
				},
			},
			{...base, type: 'text', text: {body: ''}},
		]) {
			harness.session.receiveBotMessage(body, 'send-api');
		}

		const cards = page.getByTestId('card');
		await cards.nth(4).waitFor();
		assert.deepEqual(
			await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-card'))),
			['location', 'image', 'template', 'contacts', 'cta_url'],
		);
		assert.match((await cards.nth(0).textContent()) ?? '', /Harare office/);
		await bubble(page, 'rejected', 'WhatsApp would reject');

		await page.getByTestId('target-select').selectOption('down');
		assert.match((await page.getByTestId('status-line').textContent()) ?? '', new RegExp(`down · ${down}`));
		await say(page, 'anyone there?');
		const failure = await bubble(page, 'error', /\S/);
		assert.match((await failure.textContent()) ?? '', /down/);
		assert.equal(
			await (await bubble(page, 'user', 'anyone there?')).getByTestId('delivery').textContent(),
			'✗',
		);

		await page.getByTestId('phone-input').fill('not a phone');
		await say(page, 'hello');
		const error = page.getByTestId('composer-error');
		await error.waitFor();
		assert.match((await error.textContent()) ?? '', /phone/);
		assert.equal(await page.getByTestId('message-input').inputValue(), 'hello');

		await page.getByTestId('clear').click();
		await page.waitForFunction(
			() => document.querySelector('[data-testid="transcript"]')?.childElementCount === 0,
		);
		assert.equal(harness.conversation.list().length, 0);
	});
});
