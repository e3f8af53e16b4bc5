// `npm test`: type-check, lint and format check, build, then every test file; ends with one summary line.
import {spawnSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (label, command, args) => {
	process.stdout.write(`\n▶ ${label}\n`);
	const result = spawnSync(command, args, {cwd: root, stdio: 'inherit'});
	const ok = result.status === 0;
	process.stdout.write(`${ok ? '✔' : '✖'} ${label}\n`);
	return ok;
};

const failedChecks = [];
for (const [label, command, args] of [
	['type-check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
	['lint and format (biome check)', bin('biome'), ['check', '.']],
	['build', 'npm', ['run', '--silent', 'build']],
]) {
	if (!run(label, command, args)) {
		failedChecks.push(label);
	}
}

// Node 20's test runner takes no globs: list the files here. A filter narrows the run: `npm test -- forward`.
const filters = process.argv.slice(2);
const files = readdirSync(path.join(root, 'test'), {recursive: true})
	.map(String)
	.filter((file) => /\.test\.tsx?$/.test(file))
	.filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
	.sort()
	.map((file) => path.join('test', file));

mkdirSync(path.join(root, '.test-results'), {recursive: true});
const tap = path.join(root, '.test-results', 'results.tap');
run(`tests (${files.length} files)`, process.execPath, [
	'--import',
	'tsx',
	'--test',
	'--test-timeout=120000',
	'--test-reporter=spec',
	'--test-reporter-destination=stdout',
	'--test-reporter=tap',
	`--test-reporter-destination=${tap}`,
	...files,
]);

const count = (name) => {
	const match = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(readFileSync(tap, 'utf8'));
	return match ? Number(match[1]) : 0;
};

const passed = count('pass');
const failed = count('fail') + count('cancelled') + failedChecks.length;
if (failedChecks.length > 0) {
	process.stdout.write(`\nfailed checks: ${failedChecks.join(', ')}\n`);
}

if (files.length === 0 || passed === 0) {
	process.stdout.write('\nno test ran\n');
	process.exitCode = 1;
}

process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
if (failed > 0) {
	process.exitCode = 1;
}
