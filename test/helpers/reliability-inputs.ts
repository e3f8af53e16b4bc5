import {gzipSync} from 'node:zlib';
import {buildEnvelope} from '../../source/core/envelope.js';
import {brokenEnvelopes, brokenSendApiBody, brokenShortForms} from './reliability-bodies.js';
import type {RequestSpec} from './reliability-http.js';
import type {Random} from './reliability-random.js';

/** One generated bad request and the exact answer it must get (every one a 4xx with a JSON error). */
export type BadCase = {
	readonly kind: string;
	readonly spec: RequestSpec;
	readonly status: number;
	/** The expected `error.code`, when the route decides it exactly. */
	readonly code?: string | number;
};

type Json = Record<string, unknown>;

const built = buildEnvelope({type: 'text', message: 'hello'});
if (!built.ok) {
	throw new Error(built.error);
}

const envelope = built.envelope as unknown as Json;
const shortForm: Json = {type: 'text', message: 'hi there', phone: '263771234567', name: 'Ann'};
const sendApiOk: Json = {messaging_product: 'whatsapp', to: '263778177125', type: 'text', text: {body: 'hi'}};
const jsonTypes = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-json'];

const webhookPath = (random: Random) =>
	random.pick(['/webhook', '/bot/webhook', '/webhook/', '/bot/webhook//']);
const sendApiPath = (random: Random) =>
	`/v${random.int(30)}${random.chance(0.5) ? '.0' : ''}/${random.text(1 + random.int(15), '0123456789')}/messages`;

const post = (path: string, body: Buffer | string, contentType?: string): RequestSpec => ({
	method: 'POST',
	path,
	body,
	headers: contentType === undefined ? {} : {'content-type': contentType},
});

/** A request to the send API expects the Cloud API's numeric code 100; to the webhook, wamock's invalid-json. */
const toEither = (random: Random, body: Buffer | string, contentType?: string): BadCase =>
	random.chance(0.3)
		? {kind: 'bad-json', spec: post(sendApiPath(random), body, contentType), status: 400, code: 100}
		: {
				kind: 'bad-json',
				spec: post(webhookPath(random), body, contentType),
				status: 400,
				code: 'invalid-json',
			};

const invalidJson = (random: Random): BadCase => {
	const text = JSON.stringify(random.pick([shortForm, envelope, sendApiOk]));
	const body = random.pick([
		// A prefix of an object never closes it.
		() => text.slice(0, random.int(text.length)),
		() => `}${random.text(random.int(200), '{}[]":,abc 0123\\\n')}`,
		() => `${text}${random.pick(['}', ',', 'x', ' {}', '\u0000'])}`,
		() => text.replaceAll('"', "'"),
		() => text.replace(':', ': undefined, "x":'),
		() => random.pick(['', ' ', '\n\t ', '\uFEFF']),
	])();
	return toEither(random, body, random.chance(0.8) ? random.pick(jsonTypes) : undefined);
};

const wrongContentType = (random: Random): BadCase => {
	const text = JSON.stringify(random.chance(0.5) ? shortForm : sendApiOk);
	const [body, type] = random.pick<() => [Buffer | string, string]>([
		() => ['type=text&message=hi&phone=263771234567', 'application/x-www-form-urlencoded'],
		() => [
			'--b\r\ncontent-disposition: form-data; name="type"\r\n\r\ntext\r\n--b--\r\n',
			'multipart/form-data; boundary=b',
		],
		() => ['<message><type>text</type><body>hi</body></message>', 'application/xml'],
		() => [Buffer.concat([Buffer.from([0]), random.bytes(random.int(2000))]), 'application/octet-stream'],
		// wamock does not decompress or transcode: these are JSON only once decoded.
		() => [gzipSync(text), 'application/json'],
		() => [Buffer.from(`\uFEFF${text}`, 'utf16le'), 'application/json; charset=utf-16'],
		() => ['hello there', 'text/plain'],
	])();
	return toEither(random, body, type);
};

// Each segment starts with "z", so none is "." or ".." and nothing normalises onto a real route.
const segmentPieces = "%ff %00 %2e%2e %2f .. ~ ! $ ' ( ) * + , ; = : @ %C3%A9".split(' ');
const segment = (random: Random) => {
	let out = 'z';
	for (let count = random.int(6); count > 0; count--) {
		out += random.chance(0.5) ? random.pick(segmentPieces) : random.text(1 + random.int(8));
	}

	return out;
};

const unknownRoute = (random: Random): BadCase => {
	const method = random.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
	const long = random.chance(0.05) ? `/${'z'.repeat(4000 + random.int(8000))}` : '';
	const segments = Array.from({length: 1 + random.int(5)}, () => segment(random)).join('/');
	const query = random.chance(0.3) ? `?${random.text(random.int(40), 'ab=&%ff.~')}` : '';
	const body = method === 'POST' || method === 'PUT' ? JSON.stringify(shortForm) : undefined;
	return {
		kind: 'unknown-route',
		spec: {method, path: `/zz-${segments}${long}${query}`, ...(body === undefined ? {} : {body})},
		status: 404,
		code: 'not-found',
	};
};

const wrongMethods = [
	'GET /webhook',
	'PUT /bot/webhook',
	'PATCH /webhook',
	'PUT /api/messages',
	'POST /api/events',
	'DELETE /health',
	'HEAD /health',
	'OPTIONS /api/targets',
	'POST /',
	'POST /clear-conversation',
	'GET /v23.0/106540352242922/messages',
	'DELETE /v17/1/messages',
].map((line) => line.split(' ') as [string, string]);

const wrongMethod = (random: Random): BadCase => {
	const [method, path] = random.pick(wrongMethods);
	return {kind: 'wrong-method', spec: {method, path}, status: 405, code: 'method-not-allowed'};
};

// Never "&" or "#" (they would end the value), and always one piece that is not a digit, so no value is valid.
const oddPieces = "%ff %00 %e2%82 - x %20 + %2B . %C3%A9 %F0%9F%98%80 ' ! * ~ % %zz =".split(' ');
const oddValue = (random: Random): string => {
	const pieces = [random.pick(oddPieces)];
	for (let count = random.int(4); count > 0; count--) {
		pieces.splice(random.int(pieces.length + 1), 0, random.pick([...oddPieces, '1', '42', '007']));
	}

	return pieces.join('');
};

const oddQuery = (random: Random): BadCase => {
	const value = oddValue(random);
	const spec = random.pick<() => RequestSpec>([
		() => ({method: 'GET', path: `/api/messages?since=${value}`}),
		() => ({method: 'GET', path: `/api/events?since=${value}`}),
		() => post(`${webhookPath(random)}?target=${value}`, JSON.stringify(shortForm), 'application/json'),
	])();
	return {kind: 'odd-query', spec, status: 400, code: 'invalid-input'};
};

const envelopeMissing = (random: Random): BadCase => ({
	kind: 'bad-envelope',
	spec: post(webhookPath(random), JSON.stringify(random.pick(brokenEnvelopes)(envelope)), 'application/json'),
	status: 400,
	code: 'invalid-input',
});

const shortFormBroken = (random: Random): BadCase => ({
	kind: 'bad-short-form',
	spec: post(webhookPath(random), JSON.stringify(random.pick(brokenShortForms)), 'application/json'),
	status: 400,
	code: 'invalid-input',
});

const sendApiBroken = (random: Random): BadCase => {
	const body = JSON.stringify(brokenSendApiBody(random));
	// A broken callback on /webhook is refused too, as a callback or as a short form that is not one.
	return random.chance(0.8)
		? {kind: 'bad-send-api', spec: post(sendApiPath(random), body, 'application/json'), status: 400}
		: {kind: 'bad-send-api', spec: post(webhookPath(random), body, 'application/json'), status: 400};
};

const generators: ReadonlyArray<readonly [number, (random: Random) => BadCase]> = [
	[20, invalidJson],
	[10, wrongContentType],
	[15, unknownRoute],
	[10, wrongMethod],
	[15, oddQuery],
	[10, envelopeMissing],
	[5, shortFormBroken],
	[15, sendApiBroken],
];

const totalWeight = generators.reduce((sum, [weight]) => sum + weight, 0);

export const badCase = (random: Random): BadCase => {
	let roll = random.int(totalWeight);
	for (const [weight, generate] of generators) {
		if (roll < weight) {
			return generate(random);
		}

		roll -= weight;
	}

	throw new Error('unreachable: the weights cover every roll');
};
