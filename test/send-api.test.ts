import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {
	checkSendApiBody,
	isSendApiBody,
	type SendApiError,
	sendApiErrorBody,
	sendApiSuccessBody,
} from '../source/core/send-api.js';

const to = '263778177125';
const send = (type: string, payload: unknown) => ({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to,
	type,
	[type]: payload,
});
const read = (extra: Record<string, unknown>) => ({messaging_product: 'whatsapp', status: 'read', ...extra});

const button = (id: string, title: string) => ({type: 'reply', reply: {id, title}});
const buttons = (...items: unknown[]) =>
	send('interactive', {type: 'button', body: {text: 'Pick'}, action: {buttons: items}});
// A valid button message with some parts replaced.
const buttonWith = (parts: Record<string, unknown>) =>
	send('interactive', {type: 'button', body: {text: 'x'}, action: {buttons: [button('a', 'A')]}, ...parts});
const row = (id: string, title = id) => ({id, title});
const rows = (count: number) => Array.from({length: count}, (_, index) => row(`r${index}`));
const list = (sections: unknown[], button = 'Menu') =>
	send('interactive', {type: 'list', body: {text: 'Choose'}, action: {button, sections}});
const cta = (parameters: unknown) =>
	send('interactive', {type: 'cta_url', body: {text: 'Open'}, action: {name: 'cta_url', parameters}});
const flow = (parameters: Record<string, unknown>) =>
	send('interactive', {
		type: 'flow',
		body: {text: 'Start'},
		action: {
			name: 'flow',
			parameters: {flow_message_version: '3', flow_id: '123', flow_cta: 'Book', ...parameters},
		},
	});

const accepted = (body: unknown, type: string) => {
	const result = checkSendApiBody(body);
	assert.equal(result.kind, 'message', result.kind === 'rejected' ? result.error.details : '');
	assert.equal(result.kind === 'message' && result.type, type);
};

const rejected = (body: unknown, code: number, details?: RegExp | string): SendApiError => {
	const result = checkSendApiBody(body);
	assert.equal(result.kind, 'rejected');
	const {error} = result as {error: SendApiError};
	assert.equal(error.code, code, error.details);
	assert.equal(error.httpStatus, 400);
	assert.ok(error.details.length > 0);
	if (typeof details === 'string') {
		assert.equal(error.details, details);
	} else if (details) {
		assert.match(error.details, details);
	}

	return error;
};

describe('valid bodies', () => {
	test('every message type is accepted', () => {
		accepted(send('text', {body: 'hi', preview_url: false}), 'text');
		accepted(buttons(button('yes', 'Yes'), button('no', 'No'), button('later', 'Later')), 'interactive');
		const imageHeader = {type: 'image', image: {link: 'https://example.com/a.jpg'}};
		accepted(buttonWith({header: imageHeader, footer: {text: 'small print'}}), 'interactive');
		accepted(
			list([
				{title: 'One', rows: [row('r1'), {...row('r2'), description: 'more'}]},
				{title: 'Two', rows: [row('r3')]},
			]),
			'interactive',
		);
		accepted(list([{rows: [row('only')]}]), 'interactive');
		accepted(cta({display_text: 'Visit', url: 'https://example.com'}), 'interactive');
		accepted(flow({flow_action: 'navigate', flow_action_payload: {screen: 'START'}}), 'interactive');
		accepted(send('template', {name: 'hello_world', language: {code: 'en_US'}, components: []}), 'template');
		accepted(send('image', {id: '1234', caption: 'look'}), 'image');
		accepted(send('video', {link: 'http://example.com/v.mp4'}), 'video');
		accepted(send('audio', {id: '99'}), 'audio');
		accepted(send('document', {id: '5', filename: 'report.pdf', caption: ''}), 'document');
		accepted(send('sticker', {id: '7'}), 'sticker');
		accepted(send('location', {latitude: -17.83, longitude: 31.05, name: 'Harare'}), 'location');
		accepted(
			send('contacts', [{name: {formatted_name: 'Ann Lee'}, phones: [{phone: '+1 555'}]}]),
			'contacts',
		);
		accepted(send('reaction', {message_id: 'wamid.abc', emoji: '😀'}), 'reaction');
		accepted(send('reaction', {message_id: 'wamid.abc', emoji: ''}), 'reaction');
	});

	test('type defaults to text and is filled in on the recorded body', () => {
		const result = checkSendApiBody({messaging_product: 'whatsapp', to: `+${to}`, text: {body: 'hi'}});
		assert.equal(result.kind, 'message');
		assert.equal(result.kind === 'message' && result.body['type'], 'text');
	});

	test('lengths count code points, so 4096 emoji fit', () => {
		accepted(send('text', {body: '😀'.repeat(4096)}), 'text');
		accepted(buttons(button('e', '👍'.repeat(20))), 'interactive');
	});

	test('mark as read and typing indicator', () => {
		const expected = {kind: 'status', status: 'read', messageId: 'wamid.1', typing: false};
		assert.deepEqual(checkSendApiBody(read({message_id: 'wamid.1'})), expected);
		const typing = checkSendApiBody(read({message_id: 'wamid.2', typing_indicator: {type: 'text'}}));
		assert.equal(typing.kind === 'status' && typing.typing, true);
		rejected(read({}), 131008, /message_id/);
		rejected(read({status: 'delivered', message_id: 'wamid.3'}), 100, /status/);
	});
});

describe('envelope errors', () => {
	test('body, messaging_product, to and type', () => {
		rejected('hello', 100);
		rejected([send('text', {body: 'x'})], 100);
		rejected({to, type: 'text', text: {body: 'x'}}, 100, /messaging_product/);
		rejected({...send('text', {body: 'x'}), messaging_product: 'sms'}, 100, /messaging_product/);
		const phone = /parameter to must be a phone number/;
		rejected({...send('text', {body: 'x'}), to: undefined}, 131008, 'The parameter to is required.');
		rejected({...send('text', {body: 'x'}), to: '+1 555-0100'}, 100, phone);
		rejected({...send('text', {body: 'x'}), to: 263_778_177_125}, 100, phone);
		const unknown = rejected(send('poll', {question: 'x'}), 131051, /poll/);
		assert.equal(unknown.message, '(#131051) Unsupported message type');
		rejected({messaging_product: 'whatsapp', to, type: 'image'}, 131008, 'The parameter image is required.');
		rejected({...send('text', {body: 'x'}), context: {}}, 131008, /context\.message_id/);
	});
});

describe('text and media limits', () => {
	test('text body', () => {
		rejected(send('text', {body: ''}), 131008, /text\.body/);
		rejected(send('text', {}), 131008, /text\.body/);
		rejected(
			send('text', {body: 'a'.repeat(4097)}),
			131009,
			'Text body length invalid. Min length: 1, Max length: 4096',
		);
		rejected(send('text', {body: 'x', preview_url: 'yes'}), 100, /preview_url/);
	});

	test('media', () => {
		rejected(send('image', {caption: 'no source'}), 131008, /image\.id or image\.link/);
		rejected(send('video', {link: 'ftp://example.com/v.mp4'}), 131009, /video\.link.*http/);
		rejected(send('document', {link: 'not a url'}), 131009, /document\.link/);
		rejected(
			send('image', {id: '1', caption: 'c'.repeat(1025)}),
			131009,
			/Caption length invalid.*Max length: 1024/,
		);
	});

	test('template, location, contacts, reaction', () => {
		rejected(send('template', {language: {code: 'en'}}), 131008, /template\.name/);
		rejected(send('template', {name: 'x'}), 131008, /template\.language/);
		rejected(send('template', {name: 'x', language: {}}), 131008, /template\.language\.code/);
		rejected(send('location', {latitude: 91, longitude: 0}), 131009, /latitude.*-90 and 90/);
		rejected(send('location', {latitude: 0, longitude: 'east'}), 131009, /longitude/);
		rejected(send('location', {latitude: 0}), 131008, /location\.longitude/);
		rejected(send('contacts', []), 131009, /contacts/);
		rejected(send('contacts', {name: {formatted_name: 'x'}}), 100, /array/);
		rejected(send('contacts', [{name: {}}]), 131008, /contacts\[0\]\.name\.formatted_name/);
		rejected(send('reaction', {emoji: '😀'}), 131008, /reaction\.message_id/);
		rejected(send('reaction', {message_id: 'wamid.1'}), 131008, /reaction\.emoji/);
	});
});

describe('interactive limits', () => {
	test('buttons', () => {
		const title = 'Button title length invalid. Min length: 1, Max length: 20';
		rejected(buttons(button('a', 'x'.repeat(21))), 131009, title);
		rejected(buttons(button('a', '')), 131009, title);
		rejected(
			buttons(button('a', 'A'), button('b', 'B'), button('c', 'C'), button('d', 'D')),
			131009,
			/Max: 3/,
		);
		rejected(buttons(), 131009, /Min: 1/);
		rejected(buttons(button('a', 'Same'), button('b', 'Same')), 131009, /unique.*'Same'/);
		rejected(buttons(button('i'.repeat(257), 'A')), 131009, /Button id length invalid.*256/);
		rejected(buttons({type: 'url', reply: {id: 'a', title: 'A'}}), 131009, /reply/);
		rejected(buttons({type: 'reply'}), 131008, /buttons\[0\]\.reply/);
		rejected(buttonWith({body: {text: 'x'.repeat(1025)}}), 131009, /Body text.*1024/);
		rejected(buttonWith({body: undefined}), 131008, /interactive\.body/);
		rejected(buttonWith({header: {type: 'text', text: 'h'.repeat(61)}}), 131009, /Header text.*60/);
		rejected(buttonWith({header: {type: 'sticker'}}), 131009, /Header type/);
		rejected(buttonWith({header: {type: 'video', video: {}}}), 131008, /header\.video\.id/);
		rejected(buttonWith({footer: {text: 'f'.repeat(61)}}), 131009, /Footer text.*60/);
	});

	test('lists', () => {
		const eleven = rows(11);
		rejected(
			list([
				{title: 'A', rows: eleven.slice(0, 6)},
				{title: 'B', rows: eleven.slice(6)},
			]),
			131009,
			/row count.*11.*10/,
		);
		rejected(list(rows(11).map((only) => ({title: only.id, rows: [only]}))), 131009, /sections.*Max: 10/);
		rejected(list([]), 131009, /sections/);
		rejected(
			list([{rows: [row('a')]}, {rows: [row('b')]}]),
			131008,
			/sections\[0\]\.title.*more than one section/,
		);
		rejected(list([{title: 't'.repeat(25), rows: [row('a')]}]), 131009, /Section title.*24/);
		rejected(list([{title: 'A', rows: []}]), 131009, /at least one row/);
		rejected(
			list([
				{title: 'A', rows: [row('same', 'One')]},
				{title: 'B', rows: [row('same', 'Two')]},
			]),
			131009,
			/unique.*'same'/,
		);
		rejected(list([{rows: [row('i'.repeat(201), 'A')]}]), 131009, /Row id.*200/);
		rejected(list([{rows: [row('a', 't'.repeat(25))]}]), 131009, /Row title.*24/);
		rejected(list([{rows: [{...row('a'), description: 'd'.repeat(73)}]}]), 131009, /Row description.*72/);
		rejected(list([{rows: [row('a')]}], 'b'.repeat(21)), 131009, /Action button.*20/);
	});

	test('cta_url and flow', () => {
		rejected(cta({display_text: 'Visit', url: 'ftp://example.com'}), 131009, /url/);
		rejected(cta({display_text: 'd'.repeat(21), url: 'https://example.com'}), 131009, /Display text.*20/);
		rejected(cta({url: 'https://example.com'}), 131008, /display_text/);
		rejected(flow({flow_message_version: '2'}), 131009, /flow_message_version/);
		rejected(flow({flow_id: undefined}), 131008, /flow_id or .*flow_name/);
		accepted(flow({flow_id: undefined, flow_name: 'booking'}), 'interactive');
		rejected(flow({flow_cta: undefined}), 131008, /flow_cta/);
	});

	test('subtypes', () => {
		rejected(send('interactive', {type: 'carousel', action: {}}), 131009, /carousel/);
		rejected(send('interactive', {body: {text: 'x'}}), 131008, /interactive\.type/);
		accepted(
			send('interactive', {
				type: 'location_request_message',
				body: {text: 'Where?'},
				action: {name: 'send_location'},
			}),
			'interactive',
		);
	});
});

describe('response bodies', () => {
	test('error body has exactly the Cloud API shape', () => {
		const error = rejected(buttons(button('a', 'x'.repeat(21))), 131009);
		assert.deepEqual(sendApiErrorBody(error, 'AbCdEf123'), {
			error: {
				message: '(#131009) Parameter value is not valid',
				type: 'OAuthException',
				code: 131009,
				error_data: {
					messaging_product: 'whatsapp',
					details: 'Button title length invalid. Min length: 1, Max length: 20',
				},
				fbtrace_id: 'AbCdEf123',
			},
		});
	});

	test('each code has its WhatsApp message', () => {
		assert.equal(rejected({}, 100).message, '(#100) Invalid parameter');
		assert.equal(rejected(send('text', {}), 131008).message, '(#131008) Required parameter is missing');
	});

	test('success body', () => {
		assert.deepEqual(sendApiSuccessBody(to, 'wamid.X'), {
			messaging_product: 'whatsapp',
			contacts: [{input: to, wa_id: to}],
			messages: [{id: 'wamid.X'}],
		});
		assert.equal(sendApiSuccessBody(`+${to}`, 'wamid.Y').contacts[0]?.wa_id, to);
	});
});

describe('isSendApiBody', () => {
	test('tells a send-API body from an inbound envelope', () => {
		assert.equal(isSendApiBody(send('text', {body: 'hi'})), true);
		assert.equal(isSendApiBody(read({message_id: 'wamid.1'})), true);
		const value = {messaging_product: 'whatsapp', messages: [{from: to, type: 'text', text: {body: 'hi'}}]};
		const envelope = {
			object: 'whatsapp_business_account',
			entry: [{id: '1', changes: [{field: 'messages', value}]}],
		};
		assert.equal(isSendApiBody(envelope), false);
		assert.equal(isSendApiBody({...send('text', {body: 'hi'}), entry: []}), false);
		assert.equal(isSendApiBody({to, text: {body: 'hi'}}), false);
		assert.equal(isSendApiBody(null), false);
	});
});
