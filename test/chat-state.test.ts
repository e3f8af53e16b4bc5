import assert from 'node:assert/strict';
import {test} from 'node:test';
import {choicesOf, latestInteractive} from '../source/components/choices.js';
import {
	type Action,
	type ChatState,
	chatReducer,
	initialChatState,
	messageText,
	parseCommand,
} from '../source/core/chat-state.js';
import {createConversation} from '../source/core/conversation.js';

const start = (): ChatState =>
	initialChatState({
		targets: ['local', 'staging', 'demo'],
		target: 'demo',
		phone: '263778177125',
		name: 'Test User',
	});

const run = (state: ChatState, ...actions: Action[]): ChatState => actions.reduce(chatReducer, state);

const offer = {wamid: 'wamid.A', choices: 3};

test('focus cycles composer, type, target without an interactive message, and back with Shift+Tab', () => {
	const state = start();
	assert.equal(state.focus, 'composer');
	assert.deepEqual(
		[1, 2, 3].map(
			(count) => run(state, ...Array.from({length: count}, () => ({type: 'focus-next'}) as const)).focus,
		),
		['type', 'target', 'composer'],
	);
	assert.equal(run(state, {type: 'focus-previous'}).focus, 'target');
	assert.equal(run(state, {type: 'focus', focus: 'message'}).focus, 'composer', 'nothing to focus');
});

test('with an interactive message, Tab goes to it first and Esc comes back to the composer', () => {
	const state = run(start(), {type: 'interactive', offer});
	const focused = run(state, {type: 'focus-next'});
	assert.equal(focused.focus, 'message');
	assert.equal(run(focused, {type: 'focus-next'}).focus, 'type');
	assert.equal(run(state, {type: 'focus-previous'}).focus, 'target');
	assert.equal(run(focused, {type: 'escape'}).focus, 'composer');
});

test('a key carries the newest offer, so it acts on a reply the app has not reported yet', () => {
	const state = run(start(), {type: 'focus-next', offer});
	assert.equal(state.focus, 'message');
	assert.deepEqual(state.interactive, offer);
});

test('selection wraps around the choices and restarts on a new interactive message', () => {
	const focused = run(start(), {type: 'focus-next', offer});
	assert.equal(run(focused, {type: 'move-selection', delta: 1}).selection, 1);
	assert.equal(run(focused, {type: 'move-selection', delta: -1}).selection, 2);
	const moved = run(focused, {type: 'move-selection', delta: 1});
	assert.equal(run(moved, {type: 'interactive', offer}).selection, 1, 'same message keeps its selection');
	const renewed = run(moved, {type: 'interactive', offer: {wamid: 'wamid.B', choices: 5}});
	assert.equal(renewed.selection, 0);
	assert.equal(renewed.focus, 'message');
	const gone = run(moved, {type: 'interactive'});
	assert.equal(gone.focus, 'composer', 'focus leaves a message that is gone');
	assert.equal(gone.interactive, undefined);
});

test('type and target pickers change the state; unknown targets are refused', () => {
	assert.equal(run(start(), {type: 'set-type', messageType: 'list'}).type, 'list');
	assert.equal(run(start(), {type: 'set-target', target: 'local'}).target, 'local');
	assert.equal(run(start(), {type: 'set-target', target: 'nowhere'}).target, 'demo');
});

test('in-flight requests: elapsed time ticks, the last latency is kept, errors become notices', () => {
	let state = run(start(), {type: 'send-start', now: 1000});
	assert.equal(state.pending, 1);
	state = run(state, {type: 'tick', now: 1250});
	assert.equal(state.elapsedMs, 250);
	state = run(state, {type: 'send-start', now: 1300});
	assert.equal(state.pending, 2);
	state = run(state, {type: 'send-end', now: 1400});
	assert.equal(state.pending, 1);
	assert.equal(state.lastLatencyMs, undefined, 'not done while one is still out');
	state = run(state, {type: 'send-end', now: 1500, error: 'the phone number "x" is not valid'});
	assert.equal(state.pending, 0);
	assert.equal(state.lastLatencyMs, 500);
	assert.equal(state.notice?.tone, 'error');
	assert.equal(run(state, {type: 'tick', now: 9999}), state, 'idle ticks change nothing');
});

test('commands: /phone, /name, /target, /raw, /help, /clear and mistakes', () => {
	const command = (line: string) => {
		const parsed = parseCommand(line);
		assert.ok(parsed, line);
		return run(start(), {type: 'command', command: parsed});
	};

	assert.equal(command('/phone +263 77 123 4567').phone, '263771234567');
	assert.match(command('/phone abc').notice?.lines[0] ?? '', /not a phone number/);
	assert.equal(command('/phone abc').phone, '263778177125');
	assert.equal(command('/name Ada Lovelace').name, 'Ada Lovelace');
	assert.equal(command('/target local').target, 'local');
	assert.match(
		command('/target mars').notice?.lines[0] ?? '',
		/unknown target "mars" \(known targets: local, staging, demo\)/,
	);
	assert.equal(command('/raw').raw, true);
	assert.ok(command('/help').notice?.lines.some((line) => line.includes('/phone <number>')));
	assert.equal(command('/clear').notice?.lines[0], 'conversation cleared');
	assert.equal(command('/phone').notice?.lines[0], 'usage: /phone <number>');
	assert.match(command('/frobnicate').notice?.lines[0] ?? '', /unknown command "\/frobnicate"/);
	assert.equal(parseCommand('hello'), undefined);
	assert.equal(parseCommand('//not a command'), undefined);
	assert.equal(messageText('//not a command'), '/not a command');
	assert.equal(run(command('/help'), {type: 'escape'}).notice, undefined, 'Esc dismisses a notice');
});

test('the newest interactive bot message and its choices, from conversation entries', () => {
	const conversation = createConversation();
	const bot = (wamid: string, interactive: unknown) =>
		conversation.add({
			kind: 'bot',
			via: 'response',
			wamid,
			to: '1',
			message: {type: 'interactive', interactive},
		});
	bot('wamid.buttons', {
		type: 'button',
		body: {text: 'pick'},
		action: {buttons: [{type: 'reply', reply: {id: 'a', title: 'A'}}]},
	});
	bot('wamid.list', {
		type: 'list',
		body: {text: 'pick'},
		action: {
			button: 'Menu',
			sections: [
				{
					title: 'S',
					rows: [
						{id: 'r1', title: 'Row 1', description: 'first'},
						{id: 'r2', title: 'Row 2'},
					],
				},
			],
		},
	});
	conversation.add({
		kind: 'bot',
		via: 'response',
		wamid: 'wamid.text',
		to: '1',
		message: {type: 'text', text: {body: 'x'}},
	});
	const latest = latestInteractive(conversation.list());
	assert.equal(latest?.wamid, 'wamid.list');
	assert.deepEqual(latest?.choices, [
		{type: 'list', id: 'r1', title: 'Row 1', description: 'first'},
		{type: 'list', id: 'r2', title: 'Row 2'},
	]);
	assert.deepEqual(choicesOf({kind: 'text', body: 'x'}), []);
	assert.equal(latestInteractive([]), undefined);
});
