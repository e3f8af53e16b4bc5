import {describeInbound} from './core/describe.js';
import type {InboundMessage} from './core/envelope.js';
import type {BotMessage} from './core/replies.js';
import {replyView} from './core/reply-view.js';
import type {Target} from './core/targets.js';
import type {ForwardOutcome} from './forward.js';

const clip = (text: string, max = 120): string => {
	const flat = text.replaceAll(/\s+/g, ' ');
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** One readable line per message sent to a bot: who, what, where. */
export const sentLine = (message: InboundMessage, name: string, target: Target): string => {
	const {type, summary} = describeInbound(message);
	return `→ ${message.from} (${name}) ${type} "${clip(summary)}" to ${target.name} ${target.url === target.name ? '' : target.url}`.trimEnd();
};

const replies = (count: number) => (count === 1 ? '1 reply' : `${count} replies`);

/** One readable line for what came back; failures say what failed. */
export const outcomeLine = (outcome: ForwardOutcome, target: Target): string => {
	switch (outcome.kind) {
		case 'ok': {
			const extra = outcome.jsonError
				? `, invalid JSON (${outcome.jsonError})`
				: outcome.truncated
					? ', body cut at 5 MiB'
					: '';
			return `← ${target.name} ${outcome.status} in ${outcome.latencyMs} ms: ${replies(outcome.replies.length)}${extra}`;
		}

		case 'bot-error': {
			return `✗ ${target.name} bot error ${outcome.status} in ${outcome.latencyMs} ms: ${clip(outcome.message, 240)}`;
		}

		case 'timeout': {
			return `✗ ${target.name} timeout (504) after ${outcome.latencyMs} ms: ${outcome.message}`;
		}

		case 'unreachable': {
			return `✗ ${target.name} unreachable (502): ${outcome.message}`;
		}
	}
};

/** One readable line per bot reply: how it came, to whom, what it is. */
export const botLine = (
	message: BotMessage,
	via: string,
	to: string,
	latencyMs: number | undefined,
): string => {
	const view = replyView(message);
	const what =
		view.kind === 'text'
			? `text "${clip(view.body)}"`
			: view.kind === 'card'
				? `${view.label} ${clip(view.lines.join(' · '))}`
				: `${view.kind} "${clip(view.body)}"`;
	return `← bot → ${to} via ${via}: ${what}${latencyMs === undefined ? '' : ` (${latencyMs} ms)`}`;
};
