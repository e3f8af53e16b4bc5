import type {Entry} from '../core/conversation.js';
import {replyView} from '../core/reply-view.js';
import {renderReply, type Styler} from './ansi.js';

const indent = (lines: string[]) => lines.map((line) => `  ${line}`);

/** A conversation entry as terminal lines, for the one-shot mode's --wait. */
export const renderEntry = (entry: Entry, style: Styler): string[] => {
	switch (entry.kind) {
		case 'user': {
			return [`→ ${entry.phone} (${entry.name}) ${entry.type} "${entry.summary}" to ${entry.target}`];
		}

		case 'delivered': {
			const count = entry.replies === 1 ? '1 reply' : `${entry.replies} replies`;
			const body =
				entry.body === undefined
					? []
					: [
							style.dim(
								`  body: ${typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body)}`.slice(
									0,
									2000,
								),
							),
						];
			return [
				style.green(`← ${entry.target} ${entry.status} in ${entry.latencyMs} ms: ${count}`),
				...(entry.note ? [style.dim(`  ${entry.note}`)] : []),
				...body,
			];
		}

		case 'error': {
			return [style.red(`✗ ${entry.target} ${entry.code} (${entry.status}): ${entry.message}`)];
		}

		case 'bot': {
			const how =
				entry.via === 'response'
					? 'in the response'
					: entry.via === 'send-api'
						? 'via the send API'
						: 'via /bot/webhook';
			const latency = entry.latencyMs === undefined ? '' : `, ${entry.latencyMs} ms`;
			return ['', ...indent(renderReply(replyView(entry.message), style)), style.dim(`  (${how}${latency})`)];
		}

		case 'rejected': {
			return [
				style.red(`✗ bot message rejected (${entry.via}): ${entry.error.message}: ${entry.error.details}`),
			];
		}

		case 'status': {
			return [style.dim(`· ${entry.text}`)];
		}
	}
};
