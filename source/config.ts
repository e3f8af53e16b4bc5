import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {parseJson} from './core/json.js';
import {resolveSettings, type SettingsResult} from './core/targets.js';

export const configFileName = 'wamock.config.json';

/** Read `wamock.config.json` from the working directory (if there is one) and merge it with the environment. */
export const loadSettings = async (
	cwd: string = process.cwd(),
	env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<SettingsResult> => {
	const file = path.join(cwd, configFileName);
	let text: string | undefined;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			return {ok: false, error: `could not read ${file}: ${(error as Error).message}`};
		}
	}

	if (text === undefined) {
		return resolveSettings(undefined, env);
	}

	const parsed = parseJson(text);
	if (!parsed.ok) {
		return {ok: false, error: `${file} is not valid JSON (${parsed.error})`};
	}

	return resolveSettings(parsed.value, env, file);
};
