// Group 1: the sample bot on its own vs. the same bot behind `wamock serve`.
import {buildEnvelope} from '../../dist/core/envelope.js';
import {metaJson} from '../../dist/core/json.js';
import {load, probe} from './load.js';
import {startBot, startQuietServe, startServe} from './processes.js';
import {figure} from './table.js';

const group = '1 forwarding';
const testing = {'x-mock-testing': 'true'};

const hasReplies = (text) => Array.isArray(JSON.parse(text).messages);

export const forwarding = async ({rounds, latencySeconds, loadSeconds, connections, say}) => {
	const bot = await startBot();
	const serve = await startServe(bot.url);
	const quiet = await startQuietServe(bot.url);
	try {
		const built = buildEnvelope({type: 'text', message: 'hi'});
		const direct = {url: bot.url, body: metaJson(built.envelope), headers: testing};
		// The short form makes wamock do all it does for a typed message: build, record, forward, record replies.
		const shortForm = JSON.stringify({type: 'text', message: 'hi', phone: '263778177125'});
		const through = {url: `${serve.base}/webhook?target=local`, body: shortForm};
		const throughQuiet = {url: `${quiet.base}/webhook?target=local`, body: shortForm};

		const answer = await probe(direct.url, direct.body, direct.headers);
		const relayed = await probe(through.url, through.body);
		if (
			!hasReplies(answer.text) ||
			relayed.headers.get('x-wamock-outcome') !== 'ok' ||
			!hasReplies(relayed.text)
		) {
			throw new Error(
				`unexpected answers: direct ${answer.text.slice(0, 200)}; wamock ${relayed.text.slice(0, 200)}`,
			);
		}

		say('  warming up');
		for (const target of [direct, through, throughQuiet]) {
			// eslint-disable-next-line no-await-in-loop
			await load({...target, connections, seconds: 1});
		}

		const sequential = {direct: [], wamock: []};
		for (let round = 1; round <= rounds; round++) {
			say(`  one connection, round ${round}/${rounds}`);
			// eslint-disable-next-line no-await-in-loop
			sequential.direct.push(await load({...direct, connections: 1, seconds: latencySeconds}));
			// eslint-disable-next-line no-await-in-loop
			sequential.wamock.push(await load({...through, connections: 1, seconds: latencySeconds}));
		}

		const concurrent = {direct: [], wamock: [], quiet: []};
		for (let round = 1; round <= rounds; round++) {
			say(`  ${connections} connections, round ${round}/${rounds}`);
			// eslint-disable-next-line no-await-in-loop
			concurrent.direct.push(await load({...direct, connections, seconds: loadSeconds}));
			// eslint-disable-next-line no-await-in-loop
			concurrent.wamock.push(await load({...through, connections, seconds: loadSeconds}));
			// eslint-disable-next-line no-await-in-loop
			concurrent.quiet.push(await load({...throughQuiet, connections, seconds: loadSeconds}));
		}

		// Differences and ratios are taken within a round, so both sides of each saw the same noise.
		const pairs = (left, right, combine) => left.map((run, index) => combine(run, right[index]));
		const pick = (runs, key) => runs.map((run) => run[key]);
		return [
			figure(group, 'a) direct p50, 1 conn', pick(sequential.direct, 'p50'), 'ms'),
			figure(group, 'a) direct p99, 1 conn', pick(sequential.direct, 'p99'), 'ms'),
			figure(group, 'a) via wamock p50, 1 conn', pick(sequential.wamock, 'p50'), 'ms'),
			figure(group, 'a) via wamock p99, 1 conn', pick(sequential.wamock, 'p99'), 'ms'),
			figure(
				group,
				'a) added p50 latency',
				pairs(sequential.wamock, sequential.direct, (w, d) => w.p50 - d.p50),
				'ms',
				{max: 0.5},
			),
			figure(
				group,
				'a) added p99 latency',
				pairs(sequential.wamock, sequential.direct, (w, d) => w.p99 - d.p99),
				'ms',
			),
			figure(group, `b) direct, ${connections} conn`, pick(concurrent.direct, 'rps'), 'req/s'),
			figure(group, `b) via wamock, ${connections} conn`, pick(concurrent.wamock, 'rps'), 'req/s'),
			figure(
				group,
				'b) wamock / direct',
				pairs(concurrent.wamock, concurrent.direct, (w, d) => w.rps / d.rps),
				'×',
				{min: 0.5},
			),
			figure(group, `b) via wamock, no log lines`, pick(concurrent.quiet, 'rps'), 'req/s'),
			figure(
				group,
				'b) logging cost (1 − log/no log)',
				pairs(concurrent.wamock, concurrent.quiet, (w, q) => (1 - w.rps / q.rps) * 100),
				'%',
			),
		];
	} finally {
		await Promise.all([quiet.stop(), serve.stop(), bot.stop()]);
	}
};
