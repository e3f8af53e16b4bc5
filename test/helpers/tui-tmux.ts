import {execFile, spawnSync} from 'node:child_process';
import {rm} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import {promisify} from 'node:util';

const run = promisify(execFile);

export const hasTmux = (): boolean => spawnSync('tmux', ['-V']).status === 0;

export type Pane = {
	/** Types text literally (no key names). */
	readonly type: (text: string) => Promise<void>;
	/** Presses named keys: Enter, Tab, Down, C-c… */
	readonly press: (...keys: string[]) => Promise<void>;
	readonly capture: () => Promise<string>;
	/** A tmux format for the pane, e.g. '#{cursor_flag}'. */
	readonly show: (format: string) => Promise<string>;
	/** Polls the screen until the predicate holds; fails with the screen it last saw. */
	readonly waitFor: (
		predicate: (screen: string) => boolean,
		what: string,
		timeoutMs?: number,
	) => Promise<string>;
	readonly kill: () => Promise<void>;
};

/**
A shell in a detached tmux session of its own (its own server socket), sized like a real terminal. The shell's
environment is clean: CI variables would make Ink draw nothing until it exits.
*/
export const startPane = async ({
	columns = 120,
	rows = 40,
	cwd,
}: {
	columns?: number;
	rows?: number;
	cwd: string;
}) => {
	const socket = `wamock-test-${process.pid}-${Date.now()}`;
	const tmux = async (...args: string[]) => (await run('tmux', ['-L', socket, ...args])).stdout;
	const shell = [
		'env',
		'-i',
		`PATH=${process.env['PATH'] ?? '/usr/bin:/bin'}`,
		`HOME=${process.env['HOME'] ?? '/tmp'}`,
		'TERM=xterm-256color',
		'LANG=C.UTF-8',
		'PS1=$ ',
		'bash',
		'--norc',
		'--noprofile',
	].join(' ');
	await tmux('new-session', '-d', '-x', String(columns), '-y', String(rows), '-s', 'main', '-c', cwd, shell);
	const socketPath = (await tmux('display-message', '-p', '#{socket_path}')).trim();
	const capture = async () => tmux('capture-pane', '-p', '-t', 'main');
	const pane: Pane = {
		async type(text) {
			await tmux('send-keys', '-t', 'main', '-l', text);
		},
		async press(...keys) {
			await tmux('send-keys', '-t', 'main', ...keys);
		},
		capture,
		show: async (format) => (await tmux('display-message', '-p', '-t', 'main', format)).trim(),
		async waitFor(predicate, what, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				// eslint-disable-next-line no-await-in-loop
				const screen = await capture();
				if (predicate(screen)) {
					return screen;
				}

				if (Date.now() > deadline) {
					throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${screen}`);
				}

				// eslint-disable-next-line no-await-in-loop
				await delay(100);
			}
		},
		async kill() {
			await tmux('kill-server').catch(() => undefined);
			// tmux leaves its socket file behind; tests must not litter /tmp.
			await rm(socketPath, {force: true});
		},
	};
	return pane;
};
