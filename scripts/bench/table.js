// The figures and how they are printed: one row per figure, its median and range, its target if it has one.
import os from 'node:os';
import {spread} from './stats.js';

const decimals = {ms: 2, 'req/s': 0, '×': 2, '%': 1, MB: 0};

const show = (value, unit) =>
	Number.isFinite(value)
		? value.toLocaleString('en-US', {
				minimumFractionDigits: decimals[unit] ?? 2,
				maximumFractionDigits: decimals[unit] ?? 2,
			})
		: String(value);

/** One figure: a target is `{max}` (at most) or `{min}` (at least), checked against the median. */
export const figure = (group, name, values, unit, target) => {
	const stats = spread(values);
	const met =
		target === undefined
			? undefined
			: target.max === undefined
				? stats.median >= target.min
				: stats.median <= target.max;
	return {group, name, unit, ...stats, ...(target ? {target, met} : {})};
};

const targetText = ({target, unit}) => {
	if (!target) {
		return '';
	}

	return target.max === undefined
		? `≥ ${show(target.min, unit)} ${unit}`
		: `≤ ${show(target.max, unit)} ${unit}`;
};

const statusText = (row) => (row.met === undefined ? '' : row.met ? 'MET' : 'MISSED');

export const machine = () => {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		node: process.version,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		memoryGb: Math.round(os.totalmem() / 1024 ** 3),
		// Other work on the machine skews every figure; the table says how busy it was when the bench began.
		loadAverage: os.loadavg()[0],
	};
};

export const formatTable = (figures, host) => {
	const header = ['group', 'figure', 'runs', 'median (min–max)', 'target', 'result'];
	const rows = figures.map((row) => [
		row.group,
		row.name,
		String(row.runs.length),
		`${show(row.median, row.unit)} ${row.unit} (${show(row.min, row.unit)}–${show(row.max, row.unit)})`,
		targetText(row),
		statusText(row),
	]);
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((cells) => cells[column].length)),
	);
	const line = (cells) =>
		cells
			.map((cell, column) => cell.padEnd(widths[column]))
			.join('  ')
			.trimEnd();
	const rule = widths.map((width) => '─'.repeat(width)).join('  ');
	const missed = figures.filter((row) => row.met === false).length;
	const checked = figures.filter((row) => row.met !== undefined).length;
	return [
		`machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, Node ${host.node}, ${host.platform}`,
		`load average (1 min) when the bench began: ${host.loadAverage.toFixed(2)}`,
		...(host.background
			? [
					`other programs used ${host.background.otherCores.toFixed(2)} of ${host.background.cores} cores on average while it ran, steal ${host.background.stealCores.toFixed(2)}${host.background.otherCores + host.background.stealCores > 0.1 ? ': figures are skewed, run it again on a quiet machine' : ''}`,
				]
			: []),
		'',
		line(header),
		rule,
		...rows.map((cells) => line(cells)),
		rule,
		`${checked - missed} of ${checked} targets met${missed > 0 ? `, ${missed} missed` : ''}`,
	].join('\n');
};
