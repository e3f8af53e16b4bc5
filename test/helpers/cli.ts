import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type CliResult = {code: number; stdout: string; stderr: string};

/** Run the built binary, as a user would, and collect what it printed. */
export const runCli = async (
	args: string[],
	options: {env?: Record<string, string>; cwd?: string; timeoutMs?: number} = {},
): Promise<CliResult> =>
	new Promise((resolve) => {
		execFile(
			process.execPath,
			[cliPath, ...args],
			{
				env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env},
				cwd: options.cwd,
				timeout: options.timeoutMs ?? 20_000,
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({code, stdout, stderr});
			},
		);
	});
