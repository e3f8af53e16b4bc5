// Small numeric helpers: every figure in the table is a median with its range, never a single run.

/** The value below which `fraction` of the sorted values fall (nearest rank). */
export const percentile = (sorted, fraction) => {
	if (sorted.length === 0) {
		return Number.NaN;
	}

	const rank = Math.ceil(fraction * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
};

const ascending = (values) => [...values].sort((a, b) => a - b);

/** Median, min and max of several runs of one figure, plus the runs themselves for the JSON file. */
export const spread = (values) => {
	const sorted = ascending(values);
	const middle = sorted.length >> 1;
	const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return {median, min: sorted[0], max: sorted.at(-1), runs: values};
};

/** p50 and p99 of one run's latencies (milliseconds, as many decimals as measured). */
export const latencySummary = (latencies) => {
	const sorted = ascending(latencies);
	return {p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), count: sorted.length};
};

export const round = (value, digits = 2) => {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
};
