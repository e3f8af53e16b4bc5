/** A run of text with the WhatsApp styles that apply to it (PROTOCOL.md §8). Absent flags are off. */
export type Span = {
	text: string;
	bold?: boolean;
	italic?: boolean;
	strike?: boolean;
	mono?: boolean;
	code?: boolean;
};

/** One line of a message: its kind, the list marker as written ('1.', '-', '*') and its styled text. */
export type Line = {kind: 'plain' | 'quote' | 'bullet' | 'numbered'; marker?: string; spans: Span[]};

type Style = Omit<Span, 'text'>;

const emphasis = new Map<string, 'bold' | 'italic' | 'strike'>([
	['*', 'bold'],
	['_', 'italic'],
	['~', 'strike'],
]);

const isSpace = (char: string): boolean => /\s/u.test(char);
// Markers only work at word edges, so snake_case_names and 2*3*4 stay as written.
const isWordChar = (char: string): boolean => /[\p{L}\p{N}]/u.test(char);

const canOpen = (text: string, index: number, marker: string): boolean => {
	const before = text.charAt(index - 1);
	const after = text.charAt(index + 1);
	return after !== '' && !isSpace(after) && after !== marker && !isWordChar(before) && before !== marker;
};

const canClose = (text: string, index: number, marker: string): boolean => {
	const before = text.charAt(index - 1);
	const after = text.charAt(index + 1);
	return before !== '' && !isSpace(before) && before !== marker && !isWordChar(after) && after !== marker;
};

const findClose = (text: string, open: number, marker: string): number => {
	for (let index = open + 2; index < text.length; index++) {
		if (text.charAt(index) === marker && canClose(text, index, marker)) {
			return index;
		}
	}

	return -1;
};

const sameStyle = (a: Style, b: Style): boolean =>
	a.bold === b.bold &&
	a.italic === b.italic &&
	a.strike === b.strike &&
	a.mono === b.mono &&
	a.code === b.code;

const append = (spans: Span[], span: Span): void => {
	const last = spans.at(-1);
	if (last && sameStyle(last, span)) {
		last.text += span.text;
	} else if (span.text !== '') {
		spans.push(span);
	}
};

/** Text between ``` or ` markers: shown verbatim, so nothing inside it is parsed. */
const verbatimAt = (
	text: string,
	index: number,
): {content: string; end: number; flag: 'mono' | 'code'} | undefined => {
	if (text.startsWith('```', index)) {
		const close = text.indexOf('```', index + 3);
		if (close > index + 3) {
			return {content: text.slice(index + 3, close), end: close + 3, flag: 'mono'};
		}
	}

	if (text.charAt(index) === '`') {
		const close = text.indexOf('`', index + 1);
		if (close > index + 1) {
			return {content: text.slice(index + 1, close), end: close + 1, flag: 'code'};
		}
	}

	return undefined;
};

const parseInline = (text: string, style: Style): Span[] => {
	const spans: Span[] = [];
	let plain = '';
	const flush = () => {
		append(spans, {text: plain, ...style});
		plain = '';
	};

	let index = 0;
	while (index < text.length) {
		const char = text.charAt(index);
		const verbatim = verbatimAt(text, index);
		if (verbatim) {
			flush();
			append(spans, {text: verbatim.content, ...style, [verbatim.flag]: true});
			index = verbatim.end;
			continue;
		}

		const flag = emphasis.get(char);
		const close = flag && canOpen(text, index, char) ? findClose(text, index, char) : -1;
		if (flag && close !== -1) {
			flush();
			for (const span of parseInline(text.slice(index + 1, close), {...style, [flag]: true})) {
				append(spans, span);
			}

			index = close + 1;
			continue;
		}

		plain += char;
		index++;
	}

	flush();
	return spans;
};

const lineKinds: Array<{kind: Line['kind']; pattern: RegExp; keepMarker: boolean}> = [
	{kind: 'quote', pattern: /^(>) (.*)$/u, keepMarker: false},
	{kind: 'bullet', pattern: /^([*-]) (.*)$/u, keepMarker: true},
	{kind: 'numbered', pattern: /^(\d+\.) (.*)$/u, keepMarker: true},
];

const parseLine = (line: string): Line => {
	for (const {kind, pattern, keepMarker} of lineKinds) {
		const match = pattern.exec(line);
		if (match) {
			const spans = parseInline(match[2] ?? '', {});
			return keepMarker ? {kind, marker: match[1] ?? '', spans} : {kind, spans};
		}
	}

	return {kind: 'plain', spans: parseInline(line, {})};
};

/**
Splits a WhatsApp message into lines and styled spans. Markers pair within one line only: a ``` block that
spans lines shows its markers literally, which is simpler and never hides text.
*/
export function parseFormatting(text: string): Line[] {
	return text.split(/\r?\n/u).map((line) => parseLine(line));
}

/**
The text without formatting markers, one line per line. Numbered-list markers stay because the numbers carry
meaning; quote and bullet markers go.
*/
export function plainText(lines: Line[]): string {
	return lines
		.map((line) => {
			const text = line.spans.map((span) => span.text).join('');
			return line.kind === 'numbered' && line.marker ? `${line.marker} ${text}` : text;
		})
		.join('\n');
}
