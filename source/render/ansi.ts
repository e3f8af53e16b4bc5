import {type Line, parseFormatting, type Span} from '../core/format.js';
import type {ReplyView} from '../core/reply-view.js';

/** ANSI styles, or none (pipes, NO_COLOR): the same text either way. */
export type Styler = {
	readonly bold: (text: string) => string;
	readonly italic: (text: string) => string;
	readonly strike: (text: string) => string;
	readonly mono: (text: string) => string;
	readonly dim: (text: string) => string;
	readonly red: (text: string) => string;
	readonly green: (text: string) => string;
	readonly cyan: (text: string) => string;
};

const wrap =
	(open: number, close: number) =>
	(text: string): string =>
		`\u001B[${open}m${text}\u001B[${close}m`;

export const ansiStyler: Styler = {
	bold: wrap(1, 22),
	italic: wrap(3, 23),
	strike: wrap(9, 29),
	mono: wrap(36, 39),
	dim: wrap(2, 22),
	red: wrap(31, 39),
	green: wrap(32, 39),
	cyan: wrap(36, 39),
};

const same = (text: string) => text;
export const plainStyler: Styler = {
	bold: same,
	italic: same,
	strike: same,
	mono: same,
	dim: same,
	red: same,
	green: same,
	cyan: same,
};

export const stylerFor = (
	stream: {isTTY?: boolean},
	env: Readonly<Record<string, string | undefined>>,
): Styler => {
	const force = env['FORCE_COLOR'];
	if (force !== undefined && force !== '' && force !== '0') {
		return ansiStyler;
	}

	const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	return stream.isTTY && !noColor && env['TERM'] !== 'dumb' ? ansiStyler : plainStyler;
};

const renderSpan = (span: Span, style: Styler): string => {
	let text = span.text;
	if (span.mono || span.code) {
		text = style.mono(text);
	}

	if (span.bold) {
		text = style.bold(text);
	}

	if (span.italic) {
		text = style.italic(text);
	}

	if (span.strike) {
		text = style.strike(text);
	}

	return text;
};

const renderLine = (line: Line, style: Styler): string => {
	const text = line.spans.map((span) => renderSpan(span, style)).join('');
	switch (line.kind) {
		case 'quote': {
			return `${style.dim('▌')} ${text}`;
		}

		case 'bullet': {
			return `• ${text}`;
		}

		case 'numbered': {
			return `${line.marker ?? ''} ${text}`;
		}

		default: {
			return text;
		}
	}
};

/** WhatsApp formatting (PROTOCOL.md §8) shown as terminal styles. */
export const formatWhatsApp = (text: string, style: Styler): string[] =>
	parseFormatting(text).map((line) => renderLine(line, style));

/** The lines of one bot reply as a terminal shows it: body, header and footer, buttons or list rows with ids. */
export const renderReply = (view: ReplyView, style: Styler): string[] => {
	switch (view.kind) {
		case 'text': {
			return formatWhatsApp(view.body, style);
		}

		case 'buttons':
		case 'list': {
			const lines = [
				...(view.header ? [style.bold(view.header)] : []),
				...formatWhatsApp(view.body, style),
				...(view.footer ? [style.dim(view.footer)] : []),
			];
			if (view.kind === 'buttons') {
				for (const button of view.buttons) {
					lines.push(`  [ ${style.cyan(button.title)} ]  ${style.dim(`id: ${button.id}`)}`);
				}

				return lines;
			}

			lines.push(`  ☰ ${style.cyan(view.button)}`);
			for (const section of view.sections) {
				if (section.title) {
					lines.push(`    ${style.bold(section.title)}`);
				}

				for (const row of section.rows) {
					lines.push(`    ○ ${style.cyan(row.title)}  ${style.dim(`id: ${row.id}`)}`);
					if (row.description) {
						lines.push(`      ${style.dim(row.description)}`);
					}
				}
			}

			return lines;
		}

		case 'card': {
			return [style.bold(`[${view.label}]`), ...view.lines.flatMap((line) => formatWhatsApp(line, style))];
		}
	}
};
