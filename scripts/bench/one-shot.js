// Group 3: `wamock --json "hi"` from spawn to exit, against the least a script can do to send the same envelope.
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {buildEnvelope} from '../../dist/core/envelope.js';
import {metaJson} from '../../dist/core/json.js';
import {cli, startBot} from './processes.js';
import {figure} from './table.js';

const group = '3 one-shot';

const baselineScript = `
const [url, body] = process.argv.slice(1);
const response = await fetch(url, {
	method: 'POST',
	headers: {'content-type': 'application/json', accept: 'application/json', 'x-mock-testing': 'true'},
	body,
});
process.stdout.write(await response.text() + '\\n');
process.exitCode = response.ok ? 0 : 1;
`;

/** Wall time of one process, spawn to exit; it must succeed and print the bot's menu. */
const timed = async (args, cwd) => {
	const started = performance.now();
	const child = spawn(process.execPath, args, {cwd, stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk) => {
		output += chunk;
	});
	child.stderr.resume();
	const code = await new Promise((resolve) => {
		child.once('close', resolve);
	});
	const ms = performance.now() - started;
	if (code !== 0 || !output.includes('Check balance')) {
		throw new Error(`node ${args.slice(0, 2).join(' ')} … exited with ${code}: ${output.slice(0, 300)}`);
	}

	return ms;
};

export const oneShot = async ({startRounds: rounds, say}) => {
	const bot = await startBot();
	// An empty folder, so no wamock.config.json changes what is measured.
	const cwd = await mkdtemp(path.join(os.tmpdir(), 'wamock-bench-'));
	try {
		const envelope = metaJson(buildEnvelope({type: 'text', message: 'hi'}).envelope);
		const wamock = [cli, '--json', 'hi', '--target', bot.url];
		const baseline = ['--input-type=module', '-e', baselineScript, bot.url, envelope];
		// The first start of each reads its files from disk; later ones find them cached, as a user's would be.
		await timed(wamock, cwd);
		await timed(baseline, cwd);
		const runs = {wamock: [], baseline: []};
		say(`  ${rounds} starts of each, interleaved`);
		for (let round = 0; round < rounds; round++) {
			// eslint-disable-next-line no-await-in-loop
			runs.baseline.push(await timed(baseline, cwd));
			// eslint-disable-next-line no-await-in-loop
			runs.wamock.push(await timed(wamock, cwd));
		}

		return [
			figure(group, 'baseline: node -e + fetch', runs.baseline, 'ms'),
			figure(group, 'wamock --json "hi"', runs.wamock, 'ms'),
			figure(
				group,
				'wamock / baseline',
				runs.wamock.map((ms, index) => ms / runs.baseline[index]),
				'×',
				{max: 1.5},
			),
		];
	} finally {
		await Promise.all([bot.stop(), rm(cwd, {recursive: true, force: true})]);
	}
};
