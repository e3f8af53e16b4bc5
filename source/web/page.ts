import {clearEntries, loadEntries, loadSettings, type OutgoingMessage, sendMessage} from './api.js';
import type {BotEntry} from './bot-bubble.js';
import {createComposer, type Identity} from './composer.js';
import {byId} from './dom.js';
import {followEvents} from './stream.js';
import {createTranscript} from './transcript.js';

// The page's entry point: loads the settings and the conversation so far, then follows the event stream.

const problem = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const start = async () => {
	const settings = await loadSettings();

	// Catches up on anything the stream has not brought yet; a server that restarted counts from 1 again.
	const resync = async () => {
		try {
			const {entries, lastSeq} = await loadEntries(transcript.lastSeq());
			if (lastSeq < transcript.lastSeq()) {
				transcript.clear();
				const all = await loadEntries(0);
				all.entries.forEach(transcript.add);
				return;
			}

			entries.forEach(transcript.add);
		} catch {
			// The stream state already tells the user the server is away.
		}
	};

	const send = async (target: string, message: OutgoingMessage, identity: Identity) => {
		const outcome = await sendMessage(target, message, identity);
		void resync();
		return outcome;
	};

	// A click answers the bot that asked (the target of the message it replied to), as the user it asked.
	const answer = async (choice: OutgoingMessage, from: BotEntry) => {
		const target =
			(from.replyTo === undefined ? undefined : transcript.targetOf(from.replyTo)) ?? composer.target();
		const identity = composer.identity();
		const to = from.to.replace('+', '');
		const outcome = await send(target, choice, /^\d{7,15}$/.test(to) ? {...identity, phone: to} : identity);
		if (!outcome.ok && outcome.input) {
			composer.showError(outcome.message);
		}
	};

	const transcript = createTranscript(byId('transcript', HTMLElement), (choice, from) => {
		void answer(choice, from);
	});
	const composer = createComposer(settings, send);
	const history = await loadEntries(0);
	history.entries.forEach(transcript.add);

	followEvents({
		since: () => transcript.lastSeq(),
		onEntry: transcript.add,
		onClear: transcript.clear,
		onState: composer.setStreamState,
		onReconnect() {
			void resync();
		},
	});

	byId('clear', HTMLButtonElement).addEventListener('click', () => {
		clearEntries().then(transcript.clear, (error: unknown) => {
			composer.showError(problem(error));
		});
	});
	document.body.dataset['ready'] = 'true';
};

start().catch((error: unknown) => {
	const line = byId('composer-error', HTMLElement);
	line.hidden = false;
	line.textContent = `The page could not start: ${problem(error)}`;
});
