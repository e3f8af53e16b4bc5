// Group 4: the chat app with a short and a long transcript, each in a child process of its own.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {root} from './processes.js';
import {latencySummary} from './stats.js';
import {figure} from './table.js';

const group = '4 terminal app';
const child = path.join(import.meta.dirname, 'terminal-child.js');

const measure = async (messages, keys) => {
	const process_ = spawn(process.execPath, [child, String(messages), String(keys)], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	let errors = '';
	process_.stdout.setEncoding('utf8');
	process_.stderr.setEncoding('utf8');
	process_.stdout.on('data', (chunk) => {
		output += chunk;
	});
	process_.stderr.on('data', (chunk) => {
		errors += chunk;
	});
	const code = await new Promise((resolve) => {
		process_.once('close', resolve);
	});
	if (code !== 0) {
		throw new Error(`the chat app with ${messages} messages failed (${code}): ${errors.slice(-2000)}`);
	}

	const result = JSON.parse(output);
	return {...result, ...latencySummary(result.latencies)};
};

export const terminal = async ({rounds, keys, say}) => {
	const runs = {short: [], long: []};
	for (let round = 1; round <= rounds; round++) {
		say(`  ${keys} keys with 10 and with 10,000 messages, round ${round}/${rounds}`);
		// eslint-disable-next-line no-await-in-loop
		runs.short.push(await measure(10, keys));
		// eslint-disable-next-line no-await-in-loop
		runs.long.push(await measure(10_000, keys));
	}

	const pick = (list, key) => list.map((run) => run[key]);
	return [
		figure(group, 'key → frame, 10 msgs (p50 of keys)', pick(runs.short, 'p50'), 'ms'),
		figure(group, 'key → frame, 10k msgs (p50 of keys)', pick(runs.long, 'p50'), 'ms', {max: 50}),
		figure(group, 'key → frame, 10k msgs (p99 of keys)', pick(runs.long, 'p99'), 'ms'),
		figure(
			group,
			'key → frame, 10k / 10 msgs',
			runs.long.map((run, index) => run.p50 / runs.short[index].p50),
			'×',
			{max: 1.5},
		),
		figure(group, 'memory (rss), 10 msgs', pick(runs.short, 'rssMb'), 'MB'),
		figure(group, 'memory (rss), 10k msgs', pick(runs.long, 'rssMb'), 'MB', {max: 150}),
		figure(group, 'JS heap used, 10k msgs', pick(runs.long, 'heapUsedMb'), 'MB'),
	];
};
