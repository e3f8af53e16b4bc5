import type {Random} from './reliability-random.js';

/** One generated request written byte by byte to a socket, for what an HTTP client library would refuse to send. */
export type RawCase = {
	readonly kind: string;
	readonly bytes: Buffer;
	/** Closes the sending side after writing, as a client that gave up mid-body does. */
	readonly halfClose?: boolean;
	/** The exact status, when it is known; otherwise any 4xx will do. */
	readonly status?: number;
};

const line = (...parts: string[]) => Buffer.from(`${parts.join('\r\n')}\r\n\r\n`, 'latin1');
const head = (method: string, path: string, headers: string[] = []) => [
	`${method} ${path} HTTP/1.1`,
	'host: 127.0.0.1',
	...headers,
];

const hugeHeaders = (random: Random): RawCase => {
	const size = 17_000 + random.int(80_000);
	const variant = random.pick<() => string[]>([
		() => head('GET', '/health', [`x-big: ${random.text(size)}`]),
		() =>
			head(
				'GET',
				'/health',
				Array.from({length: Math.ceil(size / 30)}, (_, index) => `x-h${index}: ${random.text(30)}`),
			),
		() => head('GET', `/health?${random.text(size)}`),
		() => head('POST', '/webhook', [`cookie: ${random.text(size, 'ab=;')}`, 'content-length: 2']),
	])();
	return {kind: 'huge-headers', bytes: line(...variant), status: 431};
};

const body = '{"type":"text","message":"hello there"}';

const truncated = (random: Random): RawCase => {
	const cut = body.slice(0, random.int(body.length));
	const chunked = random.chance(0.5);
	const bytes = chunked
		? Buffer.from(
				`${head('POST', '/webhook', ['transfer-encoding: chunked']).join('\r\n')}\r\n\r\n${body.length.toString(16)}\r\n${cut}`,
			)
		: Buffer.from(
				`${head('POST', '/webhook', [`content-length: ${body.length}`]).join('\r\n')}\r\n\r\n${cut}`,
			);
	return {kind: 'truncated-body', bytes, halfClose: true, status: 400};
};

const malformed = (random: Random): RawCase => {
	const headers = random.pick<string[]>([
		['transfer-encoding: chunked'],
		[`content-length: ${random.pick(['-1', 'abc', '1e3', '99999999999999999999', '0x10', '1 2'])}`],
		['content-length: 2', 'content-length: 3'],
		['content-length: 3', 'transfer-encoding: chunked'],
		['transfer-encoding: gzip'],
		[`x-${random.pick(['a\u0001b', 'a b', 'a(b', 'a"b'])}: 1`],
		['x-a: 1\u00002'],
		['x-a: 1', ' folded'],
		['host : x'],
	]);
	const payload = headers[0] === 'transfer-encoding: chunked' ? `zz\r\n${body}\r\n0\r\n\r\n` : '';
	return {
		kind: 'malformed-headers',
		bytes: Buffer.concat([line(...head('POST', '/webhook', headers)), Buffer.from(payload)]),
		halfClose: headers[0] === 'transfer-encoding: gzip',
		status: 400,
	};
};

const badMethod = (random: Random): RawCase => ({
	kind: 'bad-method',
	// No HTTP method starts with X, so Node's parser refuses every one of these.
	bytes: line(...head(`X${random.text(1 + random.int(10), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_')}`, '/health')),
	status: 400,
});

// Bytes an HTTP client would escape; never CR or LF, which would end the request line instead.
const oddBytes = [
	...Array.from({length: 32}, (_, index) => index).filter((byte) => byte !== 10 && byte !== 13),
	0x20,
	0x22,
	0x3c,
	0x3e,
	0x5c,
	0x5e,
	0x60,
	0x7b,
	0x7c,
	0x7d,
	0x7f,
	...Array.from({length: 128}, (_, index) => index + 128),
];

const oddUrl = (random: Random): RawCase => {
	const odd = Buffer.from(Array.from({length: 1 + random.int(6)}, () => random.pick(oddBytes)));
	const path = random.pick(['/api/messages?since=x', '/api/events?since=x', '/webhook?target=x']);
	const method = path.startsWith('/webhook') ? 'POST' : 'GET';
	const rest = 'host: 127.0.0.1\r\ncontent-length: 2\r\n\r\n{}';
	return {
		kind: 'odd-url-bytes',
		bytes: Buffer.concat([Buffer.from(`${method} ${path}`), odd, Buffer.from(` HTTP/1.1\r\n${rest}`)]),
		status: 400,
	};
};

const oddRequests: readonly RawCase[] = [
	{kind: 'connect', bytes: line('CONNECT example.com:443 HTTP/1.1', 'host: example.com:443'), status: 405},
	{
		kind: 'expect',
		bytes: line(...head('POST', '/webhook', ['expect: bananas', 'content-length: 2'])),
		status: 417,
	},
	{kind: 'no-host', bytes: line('GET /health HTTP/1.1'), status: 400},
	{
		kind: 'tls-hello',
		bytes: Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]),
		status: 400,
	},
	{kind: 'http2-preface', bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), status: 400},
	{kind: 'lf-only', bytes: Buffer.from('GET /health HTTP/1.1\nhost: x\n\n'), status: 400},
	{
		// The server reads 10 bytes as the body (not JSON), then the rest as a request (not HTTP).
		kind: 'short-content-length',
		bytes: Buffer.concat([line(...head('POST', '/webhook', ['content-length: 10'])), Buffer.from(body)]),
		status: 400,
	},
];

const generators: ReadonlyArray<(random: Random) => RawCase> = [
	hugeHeaders,
	truncated,
	malformed,
	badMethod,
	oddUrl,
	(random) => random.pick(oddRequests),
];

export const rawCase = (random: Random): RawCase => random.pick(generators)(random);
