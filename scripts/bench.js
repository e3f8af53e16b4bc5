// `npm run bench`: how wamock performs, side by side with what it stands in front of, on this machine.
// Prints a table and writes .bench/results.json. Not part of `npm test`: it takes about two minutes.
// `npm run bench -- 1 3` runs only groups 1 and 3.
import {readdirSync, statSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {watchBackground} from './bench/background.js';
import {cli, root} from './bench/processes.js';
import {formatTable, machine} from './bench/table.js';

const settings = {rounds: 3, latencySeconds: 2, loadSeconds: 5, connections: 32, startRounds: 10, keys: 30};

const say = (line) => {
	process.stderr.write(`${line}\n`);
};

/** The bench runs the built code; a build older than the source would measure something else. */
const staleBuild = () => {
	let built;
	try {
		built = statSync(cli).mtimeMs;
	} catch {
		return 'dist/cli.js is missing';
	}

	const folder = path.join(root, 'source');
	const newer = readdirSync(folder, {recursive: true})
		.map(String)
		.filter((file) => /\.(ts|tsx|css|html)$/.test(file) && !/\.test\.tsx?$/.test(file))
		.find((file) => statSync(path.join(folder, file)).mtimeMs > built);
	return newer === undefined ? undefined : `source/${newer} is newer than dist/cli.js`;
};

const groups = [
	['1', 'forwarding overhead', async () => (await import('./bench/forwarding.js')).forwarding(settings)],
	['2', 'send-API emulation', async () => (await import('./bench/send-api.js')).sendApi(settings)],
	['3', 'one-shot start-up', async () => (await import('./bench/one-shot.js')).oneShot(settings)],
	[
		'4',
		'terminal app, long transcript',
		async () => (await import('./bench/terminal.js')).terminal(settings),
	],
];

const stale = staleBuild();
if (stale) {
	say(`bench: ${stale}; run npm run build first`);
	process.exit(1);
}

const wanted = process.argv.slice(2);
const host = machine();
const started = Date.now();
const background = watchBackground();
const figures = [];
settings.say = say;
for (const [id, title, run] of groups.filter(([id]) => wanted.length === 0 || wanted.includes(id))) {
	say(`group ${id}: ${title}`);
	// eslint-disable-next-line no-await-in-loop
	figures.push(...(await run()));
}

host.background = background();
const {say: _, ...recorded} = settings;
const output = path.join(root, '.bench', 'results.json');
await mkdir(path.dirname(output), {recursive: true});
await writeFile(
	output,
	`${JSON.stringify({at: new Date().toISOString(), machine: host, settings: recorded, figures}, null, '\t')}\n`,
);
process.stdout.write(`${formatTable(figures, host)}\n`);
say(`took ${Math.round((Date.now() - started) / 1000)} s; results in ${path.relative(root, output)}`);
