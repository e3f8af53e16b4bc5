import assert from 'node:assert/strict';
import http from 'node:http';
import {test} from 'node:test';
import {type Bot, type BotOptions, type SendBody, startBot} from '../source/bot/index.js';
import {envelope as inbound, phoneNumberId, textMessage} from './helpers/inbound.js';

// With graphUrl set the bot answers the webhook at once and calls the send API itself (PROTOCOL.md §9.2).

const envelope = (bodies: string[], metadata: Record<string, unknown> = {phone_number_id: phoneNumberId}) =>
	inbound(
		bodies.map((body) => textMessage(body)),
		{metadata},
	);

const withBot = async (run: (bot: Bot, lines: string[]) => Promise<void>, options: BotOptions = {}) => {
	const lines: string[] = [];
	const bot = await startBot({port: 0, log: (line) => lines.push(line), ...options});
	try {
		await run(bot, lines);
	} finally {
		await bot.close();
	}
};

const until = async (condition: () => boolean, what: string) => {
	const deadline = Date.now() + 5000;
	while (!condition()) {
		assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
		await new Promise((resolve) => {
			setTimeout(resolve, 10);
		});
	}
};

const healthy = async (bot: Bot) => {
	const response = await fetch(`http://127.0.0.1:${bot.port}/health`);
	assert.equal(response.status, 200);
	assert.deepEqual(await response.json(), {ok: true, name: 'wamock-sample-bot'});
};

const webhook = async (bot: Bot, body: unknown, headers: Record<string, string> = {}) =>
	fetch(bot.url, {
		method: 'POST',
		headers: {'content-type': 'application/json', ...headers},
		body: JSON.stringify(body),
	});

type Call = {method?: string; url?: string; authorization?: string; type?: string; body: string; at: number};

const succeed = (response: http.ServerResponse, index: number) => {
	response.writeHead(200, {'content-type': 'application/json'});
	response.end(JSON.stringify({messaging_product: 'whatsapp', messages: [{id: `wamid.out${index}`}]}));
};

/** A stand-in for graph.facebook.com that records every call; `answer` decides each answer, or never answers. */
const startGraph = async (answer: (response: http.ServerResponse, index: number) => void = succeed) => {
	const calls: Call[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			calls.push({
				method: request.method,
				url: request.url,
				authorization: request.headers.authorization,
				type: request.headers['content-type'],
				body: Buffer.concat(chunks).toString('utf8'),
				at: Date.now(),
			});
			answer(response, calls.length - 1);
		});
	});
	await new Promise<void>((resolve) => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const address = server.address();
	assert.ok(address && typeof address === 'object');
	return {
		url: `http://127.0.0.1:${address.port}`,
		calls,
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => {
				server.close(resolve);
			});
		},
	};
};

test('with graphUrl the bot answers {ok:true} and posts its replies to the send API', async () => {
	const graph = await startGraph();
	try {
		await withBot(
			async (bot, lines) => {
				// Even when asked for sync replies: with a graphUrl the send API is the one way out.
				const response = await webhook(bot, envelope(['hi']), {'x-mock-testing': 'true'});
				assert.equal(response.status, 200);
				assert.deepEqual(await response.json(), {ok: true});
				await until(() => graph.calls.length === 1, 'the send');
				const [call] = graph.calls;
				assert.equal(call?.method, 'POST');
				assert.equal(call?.url, `/v23.0/${phoneNumberId}/messages`);
				assert.equal(call?.authorization, 'Bearer test-token-123');
				assert.match(call?.type ?? '', /^application\/json/);
				const body = JSON.parse(call?.body ?? '{}') as SendBody;
				assert.equal(body.messaging_product, 'whatsapp');
				assert.equal(body.recipient_type, 'individual');
				assert.equal(body.to, '263778177125');
				assert.equal(body.type, 'interactive');
				assert.ok(body.type === 'interactive' && body.interactive.type === 'button');
				assert.equal(body.interactive.action.buttons.length, 3);
				assert.equal(body.interactive.body.text, '*Welcome*, _Test User_! What would you like to do?');
				// The bot logs once it has read the graph's answer, a moment after the graph saw the call.
				await until(() => lines.some((line) => line.startsWith('→ sent interactive button')), 'the log');
				assert.ok(lines.some((line) => line.includes('wamid.out0')));
				assert.ok(lines.every((line) => !line.includes('test-token-123')));
			},
			{graphUrl: `${graph.url}/`, accessToken: 'test-token-123'},
		);
	} finally {
		await graph.close();
	}
});

test('without an access token the bot sends the demo token', async () => {
	const graph = await startGraph();
	try {
		await withBot(
			async (bot) => {
				await webhook(bot, envelope(['list']));
				await until(() => graph.calls.length === 1, 'the send');
				assert.equal(graph.calls[0]?.authorization, 'Bearer wamock-demo-token');
			},
			{graphUrl: graph.url},
		);
	} finally {
		await graph.close();
	}
});

test('replies reach the send API one at a time, in order, on the configured version', async () => {
	const graph = await startGraph((response, index) => {
		// The first answer is slow: a bot that sent in parallel would have the second call arrive first.
		setTimeout(
			() => {
				response.writeHead(200, {'content-type': 'application/json'});
				response.end(JSON.stringify({messages: [{id: `wamid.out${index}`}]}));
			},
			index === 0 ? 150 : 0,
		);
	});
	try {
		await withBot(
			async (bot, lines) => {
				const response = await webhook(bot, envelope(['hi', 'list', 'hello']));
				assert.deepEqual(await response.json(), {ok: true});
				await until(() => lines.filter((line) => line.startsWith('→ sent')).length === 3, 'three sends');
				const kinds = graph.calls.map((call) => {
					const body = JSON.parse(call.body) as {type: string; interactive?: {type: string}};
					return body.interactive?.type ?? body.type;
				});
				assert.deepEqual(kinds, ['button', 'list', 'text']);
				assert.ok(graph.calls.every((call) => call.url === `/v19.0/${phoneNumberId}/messages`));
				assert.ok((graph.calls[1]?.at ?? 0) - (graph.calls[0]?.at ?? 0) >= 140);
			},
			{graphUrl: graph.url, graphVersion: 'v19.0'},
		);
	} finally {
		await graph.close();
	}
});

test('send API failures are logged, not fatal', async () => {
	const graph = await startGraph((response) => {
		response.writeHead(400, {'content-type': 'application/json'});
		response.end(JSON.stringify({error: {message: '(#131009) Parameter value is not valid', code: 131009}}));
	});
	try {
		await withBot(
			async (bot, lines) => {
				await webhook(bot, envelope(['hi']));
				await until(() => lines.some((line) => line.includes('HTTP 400')), 'the refusal');
				assert.ok(lines.some((line) => line.includes('(#131009) Parameter value is not valid')));
				assert.ok(lines.every((line) => !line.includes('wamock-demo-token')));

				await webhook(bot, envelope(['hi'], {}));
				await until(() => lines.some((line) => line.includes('no metadata.phone_number_id')), 'the skip');
				await healthy(bot);
			},
			{graphUrl: graph.url},
		);
	} finally {
		await graph.close();
	}

	// The graph is gone now: the port refuses connections.
	await withBot(
		async (bot, lines) => {
			const response = await webhook(bot, envelope(['hi']));
			assert.equal(response.status, 200);
			await until(() => lines.some((line) => line.includes('connection refused')), 'the network error');
			await healthy(bot);
		},
		{graphUrl: graph.url},
	);
});

test('close() returns promptly while a send is stalled', async () => {
	const graph = await startGraph(() => {
		// Never answers.
	});
	const lines: string[] = [];
	const bot = await startBot({port: 0, graphUrl: graph.url, log: (line) => lines.push(line)});
	try {
		await webhook(bot, envelope(['hi', 'list']));
		await until(() => graph.calls.length > 0, 'the first send');
		const started = Date.now();
		await bot.close();
		assert.ok(Date.now() - started < 1000);
		assert.ok(lines.some((line) => line.includes('cancelled')));
		// The second reply waited for the first, so closing dropped it unsent.
		assert.equal(graph.calls.length, 1);
		await assert.rejects(fetch(`http://127.0.0.1:${bot.port}/health`));
	} finally {
		await bot.close();
		await graph.close();
	}
});

test('without graphUrl and without X-Mock-Testing, replies are dropped and logged', async () => {
	await withBot(async (bot, lines) => {
		const response = await webhook(bot, envelope(['hi']));
		assert.equal(response.status, 200);
		assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
		assert.deepEqual(await response.json(), {ok: true});
		assert.ok(
			lines.some((line) => line.startsWith('✗ dropped interactive button') && line.includes('no graphUrl')),
		);
	});
});
