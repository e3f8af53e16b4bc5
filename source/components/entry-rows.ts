import type {Entry, Via} from '../core/conversation.js';
import {parseFormatting, type Span} from '../core/format.js';
import {isRecord} from '../core/json.js';
import {type ReplyView, replyView} from '../core/reply-view.js';

// Every entry becomes plain rows of styled segments before it is drawn, so the transcript can measure an entry
// (to render only what fits) from the very data it draws.

export type Segment = {
	readonly text: string;
	readonly color?: 'green' | 'cyan' | 'red' | 'yellow' | 'gray' | 'magenta';
	readonly bold?: boolean;
	readonly italic?: boolean;
	readonly strikethrough?: boolean;
	readonly inverse?: boolean;
};

export type Row = {readonly indent: number; readonly segments: readonly Segment[]};

/** How the newest interactive message is drawn: offered to the user, and focused with one choice highlighted. */
export type Highlight = {readonly selection?: number};

export type RowOptions = {readonly raw: boolean; readonly highlight?: Highlight};

const body = 2;
const rawLimit = 2000;

const viaLabel: Record<Via, string> = {
	response: 'in the response',
	'send-api': 'via send API',
	callback: 'via callback',
};

const clock = (at: number): string => new Date(at).toTimeString().slice(0, 8);

const row = (indent: number, ...segments: Segment[]): Row => ({indent, segments});

const header = (at: number, ...segments: Segment[]): Row =>
	row(0, {text: `${clock(at)} `, color: 'gray'}, ...segments);

const spanSegment = (span: Span): Segment => ({
	text: span.text,
	...(span.bold ? {bold: true} : {}),
	...(span.italic ? {italic: true} : {}),
	...(span.strike ? {strikethrough: true} : {}),
	...(span.mono || span.code ? {color: 'yellow' as const} : {}),
});

/** WhatsApp formatting (PROTOCOL.md §8) as styled rows. */
export const formattedRows = (text: string, indent = body): Row[] =>
	parseFormatting(text).map((line) => {
		const spans = line.spans.map((span) => spanSegment(span));
		switch (line.kind) {
			case 'quote': {
				return row(indent, {text: '▌ ', color: 'gray'}, ...spans);
			}

			case 'bullet': {
				return row(indent, {text: '• '}, ...spans);
			}

			case 'numbered': {
				return row(indent, {text: `${line.marker ?? ''} `}, ...spans);
			}

			default: {
				return row(indent, ...spans);
			}
		}
	});

const rawRow = (value: unknown): Row => {
	const json = JSON.stringify(value) ?? String(value);
	const text = json.length > rawLimit ? `${json.slice(0, rawLimit)}… (${json.length} characters)` : json;
	return row(body, {text, color: 'gray'});
};

const field = (value: unknown, key: string): string => {
	const inner = isRecord(value) ? value[key] : undefined;
	return typeof inner === 'string' ? inner : '';
};

const userContent = (entry: Entry & {kind: 'user'}): Row[] => {
	const {message} = entry;
	const interactive = message['interactive'];
	const kind = field(interactive, 'type');
	if (kind === 'button_reply' || kind === 'list_reply') {
		const reply = isRecord(interactive) ? interactive[kind] : undefined;
		return [
			row(
				body,
				{text: `↩ ${field(reply, 'title')}`, color: 'green', bold: true},
				{text: `  ${kind} · id ${field(reply, 'id')}`, color: 'gray'},
			),
		];
	}

	if (message.type === 'button') {
		const button = message['button'];
		return [
			row(
				body,
				{text: `↩ ${field(button, 'text')}`, color: 'green', bold: true},
				{text: `  template button · payload ${field(button, 'payload')}`, color: 'gray'},
			),
		];
	}

	return message.type === 'text' ? formattedRows(entry.summary) : [row(body, {text: entry.summary})];
};

const choiceRows = (view: ReplyView, highlight: Highlight | undefined): Row[] => {
	const color = highlight ? 'cyan' : 'gray';
	const pointer = (index: number): Segment =>
		highlight?.selection === index ? {text: '❯ ', color: 'cyan', bold: true} : {text: '  '};
	const chosen = (index: number) => highlight?.selection === index;
	if (view.kind === 'buttons') {
		return view.buttons.map((button, index) =>
			row(
				body,
				pointer(index),
				{text: `[ ${button.title} ]`, color, bold: true, ...(chosen(index) ? {inverse: true} : {})},
				{text: `  id ${button.id}`, color: 'gray'},
			),
		);
	}

	if (view.kind !== 'list') {
		return [];
	}

	const rows: Row[] = [row(body, {text: `☰ ${view.button}`, color, bold: true})];
	let index = 0;
	for (const section of view.sections) {
		if (section.title) {
			rows.push(row(body + 2, {text: section.title, bold: true}));
		}

		for (const item of section.rows) {
			rows.push(
				row(
					body + 2,
					pointer(index),
					{text: `○ ${item.title}`, color, ...(chosen(index) ? {inverse: true} : {})},
					{text: `${item.description ? `  ${item.description}` : ''}  id ${item.id}`, color: 'gray'},
				),
			);
			index++;
		}
	}

	return rows;
};

const viewRows = (view: ReplyView, highlight: Highlight | undefined): Row[] => {
	switch (view.kind) {
		case 'text': {
			return formattedRows(view.body);
		}

		case 'buttons':
		case 'list': {
			return [
				...(view.header ? [row(body, {text: view.header, bold: true})] : []),
				...formattedRows(view.body),
				...(view.footer ? [row(body, {text: view.footer, color: 'gray'})] : []),
				...choiceRows(view, highlight),
			];
		}

		case 'card': {
			return [
				row(body, {text: `[${view.label}]`, color: 'magenta', bold: true}),
				...view.lines.flatMap((line) => formattedRows(line)),
			];
		}
	}
};

const failureLabel = {unreachable: 'unreachable', timeout: 'timeout', 'bot-error': 'bot error'} as const;

const compact = (value: unknown): string => {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
	const flat = text.replaceAll(/\s+/gu, ' ').trim();
	return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
};

/** The rows of one entry; empty for entries a chat does not need to show (a bot's plain 200 with replies). */
export const entryRows = (entry: Entry, {raw, highlight}: RowOptions): Row[] => {
	switch (entry.kind) {
		case 'user': {
			const who = {text: ` ${entry.name} ${entry.phone} → ${entry.target}`, color: 'gray' as const};
			const rows = [header(entry.at, {text: 'You', color: 'green', bold: true}, who), ...userContent(entry)];
			return raw ? [...rows, rawRow(entry.envelope)] : rows;
		}

		case 'bot': {
			const details = [
				entry.latencyMs === undefined ? '' : ` · ${Math.round(entry.latencyMs)} ms`,
				entry.via === 'response' ? '' : ` · ${viaLabel[entry.via]}`,
				highlight && highlight.selection === undefined ? ' · Tab to answer' : '',
			].join('');
			const rows = [
				header(entry.at, {text: 'Bot', color: 'cyan', bold: true}, {text: details, color: 'gray'}),
				...viewRows(replyView(entry.message), highlight),
			];
			return raw ? [...rows, rawRow(entry.message)] : rows;
		}

		case 'rejected': {
			const {error} = entry;
			const rows = [
				header(entry.at, {text: `✗ bot message rejected (${viaLabel[entry.via]})`, color: 'red', bold: true}),
				row(body, {text: `${error.message}: ${error.details}`, color: 'red'}),
			];
			return raw ? [...rows, rawRow(entry.body)] : rows;
		}

		case 'error': {
			const rows = [
				header(
					entry.at,
					{text: `✗ ${failureLabel[entry.code]} (${entry.status})`, color: 'red', bold: true},
					{text: ` ${entry.message}`, color: 'red'},
				),
			];
			return raw && entry.body !== undefined ? [...rows, rawRow(entry.body)] : rows;
		}

		case 'delivered': {
			if (entry.replies > 0 && entry.note === undefined) {
				return [];
			}

			const said = entry.body === undefined ? ', empty body' : `: ${compact(entry.body)}`;
			const what = entry.replies > 0 ? `${entry.replies} replies` : `no WhatsApp message${said}`;
			const rows = [
				header(entry.at, {
					text: `· ${entry.target} answered ${entry.status} in ${Math.round(entry.latencyMs)} ms, ${what}`,
					color: 'gray',
				}),
			];
			return entry.note ? [...rows, row(body, {text: entry.note, color: 'yellow'})] : rows;
		}

		case 'status': {
			return [header(entry.at, {text: `· ${entry.text}`, color: 'gray'})];
		}
	}
};

/** Terminal lines the rows take at this width; wide characters count as one, which errs towards drawing more. */
export const rowsHeight = (rows: readonly Row[], width: number): number => {
	let height = 0;
	for (const {indent, segments} of rows) {
		const room = Math.max(1, width - indent);
		let length = 0;
		for (const segment of segments) {
			length += segment.text.length;
		}

		height += Math.max(1, Math.ceil(length / room));
	}

	return height;
};
