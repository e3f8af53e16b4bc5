// One autocannon run, with every response's latency kept: autocannon's own histogram counts whole
// milliseconds, too coarse for a 0.5 ms target.
import autocannon from 'autocannon';
import {latencySummary} from './stats.js';

/**
POSTs `body` to `url` over `connections` keep-alive connections for `seconds`. A run with any error or
non-2xx answer throws: a fast failure must never pass for a fast success.
*/
export const load = async ({url, body, headers = {}, connections, seconds}) => {
	const latencies = [];
	const instance = autocannon({
		url,
		method: 'POST',
		body,
		headers: {'content-type': 'application/json', ...headers},
		connections,
		pipelining: 1,
		duration: seconds,
		timeout: 10,
	});
	instance.on('response', (_client, _status, _bytes, responseTime) => {
		latencies.push(responseTime);
	});
	const result = await instance;
	if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
		throw new Error(
			`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers in ${seconds} s`,
		);
	}

	return {rps: result['2xx'] / result.duration, ...latencySummary(latencies)};
};

/** Checks one answer by hand before a run, so the bench measures the thing it claims to. */
export const probe = async (url, body, headers = {}) => {
	const response = await fetch(url, {
		method: 'POST',
		headers: {'content-type': 'application/json', ...headers},
		body,
	});
	const text = await response.text();
	if (!response.ok) {
		throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
	}

	return {headers: response.headers, text};
};
