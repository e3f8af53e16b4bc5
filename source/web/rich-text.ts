import {type Line, parseFormatting, plainText, type Span} from '../core/format.js';
import {element} from './dom.js';

// WhatsApp formatting (PROTOCOL.md §8) drawn as elements around text nodes: the core parses, this only wraps.

const spanNode = (span: Span): Node => {
	let node: Node = document.createTextNode(span.text);
	const wrap = (tag: 'code' | 's' | 'em' | 'strong', className?: string) => {
		node = element(tag, {...(className ? {className} : {}), children: [node]});
	};

	if (span.mono) {
		wrap('code', 'mono');
	} else if (span.code) {
		wrap('code', 'code');
	}

	if (span.strike) {
		wrap('s');
	}

	if (span.italic) {
		wrap('em');
	}

	if (span.bold) {
		wrap('strong');
	}

	return node;
};

const lineNode = (line: Line): HTMLElement => {
	const content = line.spans.map((span) => spanNode(span));
	switch (line.kind) {
		case 'quote': {
			return element('div', {className: 'line quote', children: content});
		}

		case 'bullet':
		case 'numbered': {
			const marker = line.kind === 'bullet' ? '•' : (line.marker ?? '');
			return element('div', {
				className: `line ${line.kind}`,
				children: [
					element('span', {className: 'marker', text: marker}),
					element('span', {children: content}),
				],
			});
		}

		case 'plain': {
			return element('div', {className: 'line', children: content});
		}
	}
};

/** A block of WhatsApp-formatted text; nothing in it is ever read as HTML. */
export const richText = (text: string, className = 'text'): HTMLElement =>
	element('div', {className, children: parseFormatting(text).map((line) => lineNode(line))});

/** The text without its formatting markers, as WhatsApp shows a message it quotes. */
export const plain = (text: string): string => plainText(parseFormatting(text));
