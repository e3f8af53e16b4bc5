import {defaultIdentity, type Identity} from './envelope.js';
import {isRecord} from './json.js';

export type Target = {readonly name: string; readonly url: string};

export const builtinTargets: Readonly<Record<string, string>> = {
	local: 'http://localhost:8000/bot/webhook',
	staging: 'https://stage.whatsapp.vimbisopay.africa/bot/webhook',
};

/** Everything the config file, the environment and the defaults decide; flags are applied on top by the caller. */
export type Settings = {
	readonly targets: Readonly<Record<string, string>>;
	readonly defaultTarget: string;
	readonly identity: Identity;
};

export type SettingsResult = {ok: true; settings: Settings} | {ok: false; error: string};

const isHttpUrl = (value: string): boolean => {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
};

const stringField = (file: Record<string, unknown>, key: string, where: string): string | undefined => {
	const value = file[key];
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'string' || value.trim() === '') {
		throw new TypeError(`${where}: "${key}" must be a non-empty string`);
	}

	return value;
};

/**
Merge the defaults, the config file (already parsed) and the environment. Env beats the file, the file beats
the defaults. Returns a readable error for a file that does not have the expected shape.
*/
export const resolveSettings = (
	file: unknown,
	env: Readonly<Record<string, string | undefined>>,
	where = 'wamock.config.json',
): SettingsResult => {
	try {
		const config = file === undefined ? {} : file;
		if (!isRecord(config)) {
			return {ok: false, error: `${where}: must be a JSON object`};
		}

		const targets: Record<string, string> = {...builtinTargets};
		const fileTargets = config['targets'] ?? {};
		if (!isRecord(fileTargets)) {
			return {ok: false, error: `${where}: "targets" must be an object of name → URL`};
		}

		for (const [name, url] of Object.entries(fileTargets)) {
			if (typeof url !== 'string' || !isHttpUrl(url)) {
				return {ok: false, error: `${where}: target "${name}" must be an http(s) URL`};
			}

			targets[name] = url;
		}

		for (const [name, key] of [
			['local', 'WAMOCK_LOCAL_URL'],
			['staging', 'WAMOCK_STAGING_URL'],
		] as const) {
			const url = env[key];
			if (url !== undefined && url !== '') {
				if (!isHttpUrl(url)) {
					return {ok: false, error: `${key} must be an http(s) URL`};
				}

				targets[name] = url;
			}
		}

		const business = config['business'] ?? {};
		if (!isRecord(business)) {
			return {ok: false, error: `${where}: "business" must be an object`};
		}

		const identity: Identity = {
			phone: stringField(config, 'phone', where) ?? defaultIdentity.phone,
			name: stringField(config, 'name', where) ?? defaultIdentity.name,
			phoneNumberId: stringField(business, 'phoneNumberId', where) ?? defaultIdentity.phoneNumberId,
			displayPhoneNumber:
				stringField(business, 'displayPhoneNumber', where) ?? defaultIdentity.displayPhoneNumber,
			wabaId: stringField(business, 'wabaId', where) ?? defaultIdentity.wabaId,
		};
		const defaultTarget = stringField(config, 'defaultTarget', where) ?? 'local';
		if (!(defaultTarget in targets)) {
			return {ok: false, error: `${where}: defaultTarget "${defaultTarget}" is not a known target`};
		}

		return {ok: true, settings: {targets, defaultTarget, identity}};
	} catch (error) {
		return {ok: false, error: error instanceof Error ? error.message : String(error)};
	}
};

export type TargetResult = {ok: true; target: Target} | {ok: false; error: string};

/** A target by name; a raw http(s) URL only where the caller allows it (the command line, never a request). */
export const resolveTarget = (
	settings: Settings,
	nameOrUrl: string | undefined,
	{allowUrl}: {allowUrl: boolean},
): TargetResult => {
	const wanted = nameOrUrl ?? settings.defaultTarget;
	const url = Object.hasOwn(settings.targets, wanted) ? settings.targets[wanted] : undefined;
	if (url !== undefined) {
		return {ok: true, target: {name: wanted, url}};
	}

	if (allowUrl && isHttpUrl(wanted)) {
		return {ok: true, target: {name: wanted, url: wanted}};
	}

	const known = Object.keys(settings.targets).join(', ');
	return {
		ok: false,
		error: `unknown target "${wanted}" (known targets: ${known}${allowUrl ? '; or give an http(s) URL' : ''})`,
	};
};
