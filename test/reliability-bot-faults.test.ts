import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import type {Entry} from '../source/core/conversation.js';
import {maxBodyBytes} from '../source/forward.js';
import {type Fault, type FaultyBot, faultyBots} from './helpers/reliability-bots.js';
import {eventually} from './helpers/reliability-wait.js';
import {type ErrorBody, startWamock, type TestWamock} from './helpers/wamock.js';

const timeoutMs = 1000;
const open: Array<FaultyBot | TestWamock> = [];
after(async () => Promise.all(open.map(async (server) => server.close())));

type Expected = {
	readonly status: number;
	/** x-wamock-outcome: set when the answer is the bot's own; absent when wamock reports the failure itself. */
	readonly outcome?: 'ok' | 'bot-error';
	/** error.code of wamock's own JSON answer. */
	readonly code?: 'unreachable' | 'timeout';
	readonly message?: RegExp;
	/** What the conversation records for the bot's side. */
	readonly entry:
		| {readonly kind: 'error'; readonly code: string}
		| {readonly kind: 'delivered'; readonly note?: RegExp};
	/** Bounds on how long the answer takes. */
	readonly ms: readonly [min: number, max: number];
	/** wamock gave up on this bot mid-answer, so it must also have hung up on it. */
	readonly hangsUp?: boolean;
};

const unreachable = (message: RegExp): Expected => ({
	status: 502,
	code: 'unreachable',
	message,
	entry: {kind: 'error', code: 'unreachable'},
	ms: [0, 1000],
});

const timedOut: Expected = {
	status: 504,
	code: 'timeout',
	message: /did not answer within 1000 ms/,
	entry: {kind: 'error', code: 'timeout'},
	ms: [timeoutMs - 50, timeoutMs + 1500],
	hangsUp: true,
};

const expected: Readonly<Record<Fault, Expected>> = {
	refuses: unreachable(/connection refused/),
	resetsBeforeAnswering: unreachable(/connection (reset|closed)/),
	// A reset after the headers is still a bot wamock could not hear out: unreachable, not bot-error.
	resetsMidResponse: {...unreachable(/connection (reset|closed)/), hangsUp: true},
	neverAnswers: timedOut,
	dripsSlowly: timedOut,
	answersGarbage: unreachable(/could not reach answersGarbage bot at http:.*HPE_/),
	answers500: {status: 500, outcome: 'bot-error', entry: {kind: 'error', code: 'bot-error'}, ms: [0, 1000]},
	answersProxyErrorPage: {
		status: 502,
		outcome: 'bot-error',
		entry: {kind: 'error', code: 'bot-error'},
		ms: [0, 1000],
	},
	answersHtml: {status: 200, outcome: 'ok', entry: {kind: 'delivered'}, ms: [0, 1000]},
	// WhatsApp only looks at the status, so a 2xx is delivered; the body is cut at 5 MiB to bound memory,
	// and both the answer (x-wamock-truncated) and the transcript say so.
	answersTenMiB: {
		status: 200,
		outcome: 'ok',
		entry: {kind: 'delivered', note: /over 5 MiB and was cut/},
		ms: [0, 5000],
		hangsUp: true,
	},
};

const faults = Object.keys(faultyBots) as Fault[];

/** A wamock with one target per faulty bot, named after the fault. */
const setup = async () => {
	const bots = Object.fromEntries(
		await Promise.all(faults.map(async (fault) => [fault, await faultyBots[fault]()] as const)),
	) as Record<Fault, FaultyBot>;
	const targets = Object.fromEntries(faults.map((fault) => [fault, bots[fault].url]));
	const wamock = await startWamock(bots.refuses.url, {targets, timeoutMs});
	open.push(wamock, ...Object.values(bots));
	return {wamock, bots};
};

/** Sends one message to the bot with this fault and checks the answer and the transcript against `expected`. */
const exercise = async (wamock: TestWamock, fault: Fault, label: string, slackMs = 0) => {
	const want = expected[fault];
	const started = performance.now();
	// A wamock that never answers is a failure to report, not a test that hangs.
	const response = await fetch(`${wamock.url}/webhook?target=${fault}`, {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: JSON.stringify({type: 'text', message: label}),
		signal: AbortSignal.timeout(15_000),
	});
	const body = Buffer.from(await response.arrayBuffer());
	const elapsed = performance.now() - started;
	const where = `${fault} (${label})`;
	assert.equal(response.status, want.status, `${where}: ${body.toString('utf8').slice(0, 200)}`);
	assert.equal(response.headers.get('x-wamock-outcome') ?? undefined, want.outcome, where);
	const inTime = elapsed >= want.ms[0] && elapsed <= want.ms[1] + slackMs;
	assert.ok(inTime, `${where} took ${Math.round(elapsed)} ms`);
	if (want.code !== undefined) {
		const {error} = JSON.parse(body.toString('utf8')) as ErrorBody;
		assert.equal(error.code, want.code, where);
		assert.match(error.message, want.message ?? /./, where);
	}

	const entries = wamock.conversation.list();
	const user = entries.find((entry) => entry.kind === 'user' && entry.summary === label);
	assert.ok(user, `${where}: the user message is recorded`);
	const result = entries.find(
		(entry): entry is Entry & {kind: 'error' | 'delivered'} =>
			(entry.kind === 'error' || entry.kind === 'delivered') && entry.replyTo === user.seq,
	);
	assert.equal(result?.kind, want.entry.kind, `${where}: ${JSON.stringify(result).slice(0, 300)}`);
	if (result?.kind === 'error' && want.entry.kind === 'error') {
		assert.equal(result.code, want.entry.code, where);
		assert.equal(result.status, want.status, where);
	}

	if (result?.kind === 'delivered' && want.entry.kind === 'delivered') {
		assert.match(result.note ?? '', want.entry.note ?? /^$/, where);
	}

	return {response, body};
};

describe('faults in the bot', () => {
	for (const fault of faults) {
		test(`${fault}: the documented answer, in bounded time, recorded in the conversation`, async () => {
			const {wamock, bots} = await setup();
			const {response, body} = await exercise(wamock, fault, `${fault} alone`);
			if (fault === 'answersHtml' || fault === 'answersProxyErrorPage') {
				assert.equal(response.headers.get('content-type'), 'text/html');
				assert.match(body.toString('utf8'), /502 Bad Gateway/);
			}

			if (fault === 'answers500') {
				assert.equal(body.toString('utf8'), 'boom: database is down');
			}

			if (fault === 'answersTenMiB') {
				assert.equal(response.headers.get('x-wamock-truncated'), 'true');
				assert.ok(body.length > 0 && body.length <= maxBodyBytes, `${body.length} bytes passed back`);
			} else {
				assert.equal(response.headers.get('x-wamock-truncated'), null);
			}

			if (expected[fault].hangsUp) {
				// Node 20's fetch lets go of an aborted connection only after about 4 s; bounded is what counts.
				const hungUp = `wamock to hang up on ${fault}`;
				await eventually(
					() => bots[fault].connections(),
					(count) => count === 0,
					hungUp,
					8000,
				);
			}

			assert.equal((await fetch(`${wamock.url}/health`)).status, 200);
		});
	}

	test('every fault at once, three rounds: each request still gets its own answer', async () => {
		const {wamock} = await setup();
		await Promise.all(
			[1, 2, 3].flatMap((round) =>
				faults.map(async (fault) => exercise(wamock, fault, `${fault} round ${round}`, 4000)),
			),
		);
		const kinds = wamock.conversation.list().map((entry) => entry.kind);
		assert.equal(kinds.filter((kind) => kind === 'user').length, faults.length * 3);
		assert.equal(kinds.filter((kind) => kind === 'error' || kind === 'delivered').length, faults.length * 3);
		assert.equal((await fetch(`${wamock.url}/health`)).status, 200);
	});
});
