import assert from 'node:assert/strict';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {loadSettings} from '../source/config.js';
import {resolveSettings, resolveTarget, type Settings} from '../source/core/targets.js';

const settings = (file: unknown, env: Record<string, string> = {}): Settings => {
	const result = resolveSettings(file, env);
	assert.ok(result.ok, result.ok ? '' : result.error);
	return result.settings;
};

test('built-in targets local and staging', () => {
	const {targets, defaultTarget} = settings(undefined);
	assert.equal(targets['local'], 'http://localhost:8000/bot/webhook');
	assert.equal(targets['staging'], 'https://stage.whatsapp.vimbisopay.africa/bot/webhook');
	assert.equal(defaultTarget, 'local');
});

test('env beats the file, the file beats the defaults', () => {
	const file = {
		targets: {local: 'http://127.0.0.1:9000/hook', mine: 'http://127.0.0.1:9001/x'},
		phone: '263700000001',
	};
	const fromFile = settings(file);
	assert.equal(fromFile.targets['local'], 'http://127.0.0.1:9000/hook');
	assert.equal(fromFile.targets['mine'], 'http://127.0.0.1:9001/x');
	assert.equal(fromFile.identity.phone, '263700000001');
	const fromEnv = settings(file, {
		WAMOCK_LOCAL_URL: 'http://127.0.0.1:9999/env',
		WAMOCK_STAGING_URL: 'https://s.example/w',
	});
	assert.equal(fromEnv.targets['local'], 'http://127.0.0.1:9999/env');
	assert.equal(fromEnv.targets['staging'], 'https://s.example/w');
	assert.equal(fromEnv.targets['mine'], 'http://127.0.0.1:9001/x');
});

test('business numbers and default target from the file', () => {
	const result = settings({
		business: {phoneNumberId: '111', displayPhoneNumber: '15550000000'},
		name: 'Rudo',
		defaultTarget: 'staging',
	});
	assert.equal(result.identity.phoneNumberId, '111');
	assert.equal(result.identity.displayPhoneNumber, '15550000000');
	assert.equal(result.identity.name, 'Rudo');
	assert.equal(resolveTarget(result, undefined, {allowUrl: false}).ok && result.defaultTarget, 'staging');
});

test('bad config is a readable error', () => {
	for (const [file, pattern] of [
		[[], /must be a JSON object/],
		[{targets: {x: 'ftp://a'}}, /target "x" must be an http\(s\) URL/],
		[{targets: 'a'}, /"targets" must be an object/],
		[{phone: 5}, /"phone" must be a non-empty string/],
		[{defaultTarget: 'nope'}, /defaultTarget "nope" is not a known target/],
	] as const) {
		const result = resolveSettings(file, {});
		assert.equal(result.ok, false);
		assert.match(result.ok ? '' : result.error, pattern);
	}

	const env = resolveSettings(undefined, {WAMOCK_LOCAL_URL: 'not a url'});
	assert.match(env.ok ? '' : env.error, /WAMOCK_LOCAL_URL must be an http\(s\) URL/);
});

test('unknown target names list the known ones; URLs only where allowed', () => {
	const base = settings(undefined);
	const unknown = resolveTarget(base, 'prod', {allowUrl: true});
	assert.equal(unknown.ok, false);
	assert.match(unknown.ok ? '' : unknown.error, /unknown target "prod" \(known targets: local, staging/);
	const url = resolveTarget(base, 'http://127.0.0.1:1/x', {allowUrl: true});
	assert.deepEqual(url.ok && url.target, {name: 'http://127.0.0.1:1/x', url: 'http://127.0.0.1:1/x'});
	assert.equal(resolveTarget(base, 'http://127.0.0.1:1/x', {allowUrl: false}).ok, false);
	assert.equal(resolveTarget(base, 'toString', {allowUrl: false}).ok, false);
});

test('loadSettings reads wamock.config.json from the working directory', async () => {
	const dir = await mkdtemp(path.join(tmpdir(), 'wamock-config-'));
	assert.equal((await loadSettings(dir, {})).ok, true);
	await writeFile(
		path.join(dir, 'wamock.config.json'),
		JSON.stringify({targets: {dev: 'http://127.0.0.1:7/x'}}),
	);
	const loaded = await loadSettings(dir, {});
	assert.equal(loaded.ok && loaded.settings.targets['dev'], 'http://127.0.0.1:7/x');
	await writeFile(path.join(dir, 'wamock.config.json'), '{oops');
	const broken = await loadSettings(dir, {});
	assert.match(broken.ok ? '' : broken.error, /is not valid JSON/);
});
