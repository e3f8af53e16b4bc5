// Group 2: wamock standing in for the Graph API, taking interactive messages from a bot.
import {load, probe} from './load.js';
import {startQuietServe, startServe} from './processes.js';
import {figure} from './table.js';

const group = '2 send API';

// A reply-button message as a bot sends it: every rule wamock checks (titles, ids, counts) is exercised.
const body = JSON.stringify({
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to: '263778177125',
	type: 'interactive',
	interactive: {
		type: 'button',
		header: {type: 'text', text: 'VimbisoPay demo'},
		body: {text: 'What would you like to do?'},
		footer: {text: 'Tap a button'},
		action: {
			buttons: [
				{type: 'reply', reply: {id: 'balance', title: 'Check balance'}},
				{type: 'reply', reply: {id: 'send_money', title: 'Send money'}},
				{type: 'reply', reply: {id: 'help', title: 'Help'}},
			],
		},
	},
});

const headers = {authorization: 'Bearer wamock-demo-token'};

export const sendApi = async ({rounds, loadSeconds, connections, say}) => {
	// No bot is needed: nothing is forwarded. The local target points nowhere on purpose.
	const serve = await startServe('http://127.0.0.1:9/bot/webhook');
	const quiet = await startQuietServe('http://127.0.0.1:9/bot/webhook');
	try {
		const path = '/v23.0/106540352242922/messages';
		const loud = {url: `${serve.base}${path}`, body, headers};
		const silent = {url: `${quiet.base}${path}`, body, headers};
		const answer = JSON.parse((await probe(loud.url, body, headers)).text);
		if (typeof answer.messages?.[0]?.id !== 'string') {
			throw new Error(`the send API did not accept the body: ${JSON.stringify(answer).slice(0, 300)}`);
		}

		say('  warming up');
		await load({...loud, connections, seconds: 1});
		await load({...silent, connections, seconds: 1});
		const runs = {loud: [], silent: []};
		for (let round = 1; round <= rounds; round++) {
			say(`  ${connections} connections, round ${round}/${rounds}`);
			// eslint-disable-next-line no-await-in-loop
			runs.loud.push(await load({...loud, connections, seconds: loadSeconds}));
			// eslint-disable-next-line no-await-in-loop
			runs.silent.push(await load({...silent, connections, seconds: loadSeconds}));
		}

		return [
			figure(
				group,
				`interactive, ${connections} conn`,
				runs.loud.map((run) => run.rps),
				'req/s',
				{min: 5000},
			),
			figure(
				group,
				`p99 latency, ${connections} conn`,
				runs.loud.map((run) => run.p99),
				'ms',
			),
			figure(
				group,
				'no log lines',
				runs.silent.map((run) => run.rps),
				'req/s',
			),
			figure(
				group,
				'logging cost (1 − log/no log)',
				runs.loud.map((run, index) => (1 - run.rps / runs.silent[index].rps) * 100),
				'%',
			),
		];
	} finally {
		await Promise.all([serve.stop(), quiet.stop()]);
	}
};
