import assert from 'node:assert/strict';
import http from 'node:http';
import {after, describe, test} from 'node:test';
import {
	type Exchange,
	errorCode,
	jsonErrorProblem,
	type Outcome,
	parseRaw,
	rawExchange,
	send,
} from './helpers/reliability-http.js';
import {type BadCase, badCase} from './helpers/reliability-inputs.js';
import {createRandom, liveHeapMiB, seeded} from './helpers/reliability-random.js';
import {rawCase} from './helpers/reliability-raw.js';
import {eventually, inPool, openConnections} from './helpers/reliability-wait.js';
import {startServer, type TestServer} from './helpers/server.js';
import {startWamock, type TestWamock} from './helpers/wamock.js';

const random = createRandom();
const open: Array<TestServer | TestWamock> = [];
const agents: http.Agent[] = [];
after(async () => {
	for (const agent of agents) {
		agent.destroy();
	}

	await Promise.all(open.map(async (server) => server.close()));
});

/** A wamock whose bot must never be called: nothing here is a message worth forwarding. */
const setup = async () => {
	const bot = await startServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end('{}');
	});
	const wamock = await startWamock(`${bot.url}/bot/webhook`);
	const agent = new http.Agent({keepAlive: true, maxSockets: 16});
	open.push(wamock, bot);
	agents.push(agent);
	return {bot, wamock, agent};
};

/** Why an answer is wrong for its case, or undefined when it is right. */
const wrongAnswer = (
	outcome: Outcome,
	expected: {status?: number; code?: string | number},
	method: string,
) => {
	if ('error' in outcome) {
		return `no answer (${outcome.error})`;
	}

	if (
		outcome.status < 400 ||
		outcome.status > 499 ||
		(expected.status ?? outcome.status) !== outcome.status
	) {
		return `status ${outcome.status}, wanted ${expected.status ?? '4xx'}: ${outcome.body.toString('utf8').slice(0, 160)}`;
	}

	const problem = jsonErrorProblem(outcome, method);
	if (problem !== undefined) {
		return problem;
	}

	const code = errorCode(outcome);
	return expected.code === undefined || method === 'HEAD' || code === expected.code
		? undefined
		: `error.code ${String(code)}, wanted ${String(expected.code)}`;
};

const describeCase = (item: BadCase) =>
	`${item.kind}: ${item.spec.method} ${item.spec.path.slice(0, 100)} ${String(item.spec.body ?? '').slice(0, 100)}`;

const healthy = async (wamock: TestWamock, agent: http.Agent) => {
	const health = await send(agent, wamock.port, {method: 'GET', path: '/health'});
	assert.ok(
		'status' in health && health.status === 200,
		seeded(random, `/health answered ${JSON.stringify(health)}`),
	);
};

describe('bad input to the mini-server', () => {
	test('thousands of generated bad requests each get their 4xx JSON error; the heap stays flat', async (t) => {
		t.diagnostic(`seed ${random.seed}`);
		const {bot, wamock, agent} = await setup();
		const failures: string[] = [];
		const batch = async (size: number) => {
			const cases = Array.from({length: size}, () => badCase(random));
			await inPool(cases, 16, async (item) => {
				const wrong = wrongAnswer(await send(agent, wamock.port, item.spec), item, item.spec.method);
				if (wrong !== undefined) {
					failures.push(`${describeCase(item)} → ${wrong}`);
				}
			});
			await healthy(wamock, agent);
		};

		const kinds = new Set<string>();
		// The transcript keeps what it is given (bounded by its own limits, tested elsewhere); clearing it
		// leaves only what the server itself holds on to, which must not grow from batch to batch.
		const measure = async () => {
			for (const entry of wamock.conversation.list()) {
				kinds.add(entry.kind);
			}

			await send(agent, wamock.port, {method: 'DELETE', path: '/api/messages'});
			// The test's own copy of the log grows with every refusal; it is not the server's memory.
			wamock.lines.length = 0;
			return liveHeapMiB();
		};

		// The warm-up fills caches and JIT code.
		await batch(500);
		const heap = [await measure()];
		for (let round = 0; round < 5; round++) {
			// eslint-disable-next-line no-await-in-loop
			await batch(500);
			// eslint-disable-next-line no-await-in-loop
			heap.push(await measure());
		}

		const wrong = `${failures.length} of 3000 answers were wrong`;
		assert.deepEqual(failures.slice(0, 8), [], seeded(random, wrong));
		assert.equal(bot.received.length, 0, seeded(random, 'a bad request reached the bot'));
		assert.deepEqual([...kinds], ['rejected'], 'only send-API rejections are recorded');
		const growth = Math.max(...heap) - (heap[0] ?? 0);
		const series = heap.map((mib) => mib.toFixed(1)).join(', ');
		t.diagnostic(`live heap MiB after each batch of 500: ${series}`);
		assert.ok(
			growth < 4,
			seeded(random, `the heap grew ${growth.toFixed(1)} MiB over 2500 requests (${series})`),
		);
		agent.destroy();
		await eventually(
			async () => openConnections(wamock.server),
			(count) => count === 0,
			'no open connection',
		);
	});

	test('requests no HTTP client library would send get a 4xx JSON answer or a clean close', async (t) => {
		t.diagnostic(`seed ${random.seed}`);
		const {bot, wamock, agent} = await setup();
		const cases = Array.from({length: 300}, () => rawCase(random));
		const failures: string[] = [];
		await inPool(cases, 16, async (item) => {
			const {text, error, timedOut} = await rawExchange(wamock.port, item.bytes, {halfClose: item.halfClose});
			const answer: Exchange | undefined = parseRaw(text);
			const wrong =
				answer === undefined
					? `no answer (${timedOut ? 'timed out' : (error ?? 'closed')}): ${JSON.stringify(text.slice(0, 80))}`
					: wrongAnswer(answer, item, 'GET');
			if (wrong !== undefined) {
				failures.push(
					`${item.kind}: ${JSON.stringify(item.bytes.toString('latin1').slice(0, 90))} → ${wrong}`,
				);
			}
		});
		assert.deepEqual(
			failures.slice(0, 8),
			[],
			seeded(random, `${failures.length} of 300 answers were wrong`),
		);
		assert.equal(bot.received.length, 0);
		await healthy(wamock, agent);
		agent.destroy();
		await eventually(
			async () => openConnections(wamock.server),
			(count) => count === 0,
			'no open connection',
		);
	});

	test('bodies over 3 MiB get a 413, declared or chunked, on every route that reads a body', async (t) => {
		t.diagnostic(`seed ${random.seed}`);
		const {bot, wamock, agent} = await setup();
		const limit = 3 * 1024 * 1024;
		const cases = Array.from({length: 24}, () => {
			const path = random.pick(['/webhook', '/bot/webhook', '/v23.0/106540352242922/messages']);
			const body = Buffer.alloc(limit + 1 + random.int(2 * 1024 * 1024), 'x');
			const chunked = random.chance(0.5);
			return {path, body, chunked};
		});
		const failures: string[] = [];
		await inPool(cases, 4, async ({path, body, chunked}) => {
			const spec = {method: 'POST', path, body, ...(chunked ? {chunkSize: 64 * 1024} : {})};
			const wrong = wrongAnswer(
				await send(agent, wamock.port, spec),
				{status: 413, code: 'body-too-large'},
				'POST',
			);
			if (wrong !== undefined) {
				failures.push(`${path} ${body.length} bytes${chunked ? ' chunked' : ''} → ${wrong}`);
			}
		});
		assert.deepEqual(failures, [], seeded(random, 'over-limit bodies'));
		assert.equal(bot.received.length, 0);
		assert.equal(wamock.conversation.list().length, 0, 'nothing is recorded for a refused body');
		await healthy(wamock, agent);
	});
});
