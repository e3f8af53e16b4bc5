import type {Random} from './reliability-random.js';

type Body = Record<string, unknown>;

/** Webhook envelopes without the shape wamock needs to read their first message; each must be refused. */
export const brokenEnvelopes: ReadonlyArray<(value: Body) => unknown> = [
	(value) => ({...value, entry: 'x'}),
	(value) => ({...value, entry: []}),
	(value) => ({...value, entry: null}),
	(value) => ({...value, entry: [1]}),
	(value) => ({...value, entry: [{id: '1'}]}),
	(value) => ({...value, entry: [{changes: 'x'}]}),
	(value) => ({...value, entry: [{changes: []}]}),
	(value) => ({...value, entry: [{changes: [{field: 'messages'}]}]}),
	(value) => ({...value, entry: [{changes: [{value: []}]}]}),
	(value) => ({...value, entry: [{changes: [{value: {messages: 'x'}}]}]}),
	(value) => ({...value, entry: [{changes: [{value: {messages: [1, null]}}]}]}),
	(value) => ({...value, entry: [{changes: [{value: {messages: [{}], contacts: {}}}]}]}),
];

/** Short forms (and bodies that are not objects) that cannot be built into an envelope. */
export const brokenShortForms: readonly unknown[] = [
	{type: 'text'},
	{message: 'hi'},
	{type: 5, message: 'hi'},
	{type: 'sticker', message: 'hi'},
	{type: 'text', message: '   '},
	{type: 'text', message: 'hi', phone: 'abc'},
	{type: 'text', message: 'hi', phone: '12'},
	{type: 'text', message: 'hi', title: 5},
	{type: 'text', message: 'hi', description: {}},
	{type: 'text', message: 'hi', contextId: []},
	{type: 'text', message: 'hi', name: '   '},
	[{type: 'text', message: 'hi'}],
	5,
	'text',
	null,
	true,
];

// Send-API bodies a bot might POST, each with one of WhatsApp's rules broken (PROTOCOL.md §6).

const addressed = {messaging_product: 'whatsapp', recipient_type: 'individual', to: '263778177125'};
const text = (body: unknown): Body => ({...addressed, type: 'text', text: {body}});

const buttons = (pairs: ReadonlyArray<readonly [id: string, title: string]>): Body => ({
	...addressed,
	type: 'interactive',
	interactive: {
		type: 'button',
		body: {text: 'Pick one'},
		action: {buttons: pairs.map(([id, title]) => ({type: 'reply', reply: {id, title}}))},
	},
});

const pairs = (count: number) =>
	Array.from({length: count}, (_, index) => [`b${index}`, `B${index}`] as const);

type Row = {id: string; title: string; description?: string};
const row = (index: number): Row => ({id: `row-${index}`, title: `Row ${index}`});
const list = (sections: Array<{title: string; rows: Row[]}>, extra: Body = {}): Body => ({
	...addressed,
	type: 'interactive',
	interactive: {
		type: 'list',
		body: {text: 'Choose'},
		action: {button: 'Menu', sections},
		...extra,
	},
});

const rows = (count: number, change: (row: Row) => Row = (same) => same) =>
	Array.from({length: count}, (_, index) => change(row(index)));

/** Characters that stress length counting: astral emoji count once, combining marks count on their own. */
const wide = '😀🇿🇼é́ab';

/** Over `max` code points, sometimes far over. */
const over = (random: Random, max: number): string =>
	random.text(max + 1 + (random.chance(0.2) ? random.int(5000) : random.int(10)), `${wide}xyz`);

export const brokenSendApiBodies: ReadonlyArray<(random: Random) => unknown> = [
	(random) => text(over(random, 4096)),
	() => text(''),
	() => text(42),
	() => ({...addressed, type: 'text'}),
	() => ({...text('hi'), messaging_product: undefined}),
	(random) => ({...text('hi'), messaging_product: random.pick(['sms', '', 'WhatsApp', 1])}),
	() => ({...text('hi'), to: undefined}),
	(random) => ({...text('hi'), to: random.pick(['abc', '+', '26377 123', '++263', '263-77', 263])}),
	(random) => ({...text('hi'), type: random.pick(['hologram', '', 'TEXT', 7])}),
	() => ({...text('hi'), context: 'wamid.x'}),
	() => ({...text('hi'), context: {message_id: ''}}),
	(random) => ({...text('hi'), status: random.pick(['delivered', 'sent', ''])}),
	() => ({messaging_product: 'whatsapp', status: 'read'}),
	(random) => buttons(pairs(4 + random.int(10))),
	() => buttons([]),
	(random) => buttons([['b0', over(random, 20)], ...pairs(1)]),
	() =>
		buttons([
			['b0', 'Same'],
			['b1', 'Same'],
		]),
	() => list([{title: 'S', rows: rows(3, (one) => ({...one, id: 'same'}))}]),
	(random) => buttons([[over(random, 256), 'Ok']]),
	() => buttons([['b', '']]),
	(random) => list([{title: 'S', rows: rows(11 + random.int(20))}]),
	(random) =>
		list(Array.from({length: 11 + random.int(5)}, (_, index) => ({title: `S${index}`, rows: rows(1)}))),
	(random) => list([{title: 'S', rows: rows(2, (one) => ({...one, title: over(random, 24)}))}]),
	(random) => list([{title: 'S', rows: rows(2, (one) => ({...one, description: over(random, 72)}))}]),
	(random) => list([{title: 'S', rows: rows(2, (one) => ({...one, id: over(random, 200)}))}]),
	(random) => list([{title: over(random, 24), rows: rows(1)}]),
	() => list([]),
	() => list([{title: 'S', rows: []}]),
	(random) => list([{title: 'S', rows: rows(1)}], {header: {type: 'text', text: over(random, 60)}}),
	(random) => list([{title: 'S', rows: rows(1)}], {footer: {text: over(random, 60)}}),
	(random) => list([{title: 'S', rows: rows(1)}], {body: {text: over(random, 4096)}}),
	() => ({...addressed, type: 'image', image: {}}),
	() => ({...addressed, type: 'image', image: {link: 'ftp://example.com/a.png'}}),
	(random) => ({...addressed, type: 'location', location: {latitude: 91 + random.int(1000), longitude: 0}}),
	() => ({...addressed, type: 'interactive', interactive: 'menu'}),
	() => ({...addressed, type: 'interactive', interactive: {type: 'carousel'}}),
	(random) => random.pick([[], 5, 'text', null, true, [text('hi')]]),
];

export const brokenSendApiBody = (random: Random): unknown => random.pick(brokenSendApiBodies)(random);
