import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {type Line, parseFormatting, plainText, type Span} from '../source/core/format.js';

const spansOf = (text: string): Span[] => {
	const lines = parseFormatting(text);
	assert.equal(lines.length, 1);
	return (lines[0] as Line).spans;
};

describe('inline markers', () => {
	test('each marker styles the text between its pair', () => {
		assert.deepEqual(spansOf('a *b* c'), [{text: 'a '}, {text: 'b', bold: true}, {text: ' c'}]);
		assert.deepEqual(spansOf('_it_'), [{text: 'it', italic: true}]);
		assert.deepEqual(spansOf('~gone~'), [{text: 'gone', strike: true}]);
		assert.deepEqual(spansOf('```x = 1```'), [{text: 'x = 1', mono: true}]);
		assert.deepEqual(spansOf('run `npm test` now'), [
			{text: 'run '},
			{text: 'npm test', code: true},
			{text: ' now'},
		]);
	});

	test('a pair may span several words', () => {
		assert.deepEqual(spansOf('*two words*'), [{text: 'two words', bold: true}]);
	});

	test('nested markers give a span both flags', () => {
		assert.deepEqual(spansOf('*_both_*'), [{text: 'both', bold: true, italic: true}]);
		assert.deepEqual(spansOf('*bold _and italic_ end*'), [
			{text: 'bold ', bold: true},
			{text: 'and italic', bold: true, italic: true},
			{text: ' end', bold: true},
		]);
	});

	test('doubled markers are not bold', () => {
		assert.deepEqual(spansOf('**x**'), [{text: '**x**'}]);
	});

	test('markers must touch the text', () => {
		assert.deepEqual(spansOf('x * a* y'), [{text: 'x * a* y'}]);
		assert.deepEqual(spansOf('x *a * y'), [{text: 'x *a * y'}]);
		assert.deepEqual(spansOf('_ a _'), [{text: '_ a _'}]);
	});

	test('markers inside words stay literal', () => {
		assert.deepEqual(spansOf('snake_case_name'), [{text: 'snake_case_name'}]);
		assert.deepEqual(spansOf('2*3*4'), [{text: '2*3*4'}]);
	});

	test('unmatched markers stay literal', () => {
		assert.deepEqual(spansOf('*open only'), [{text: '*open only'}]);
		assert.deepEqual(spansOf('a ~b'), [{text: 'a ~b'}]);
		assert.deepEqual(spansOf('```no end'), [{text: '```no end'}]);
		assert.deepEqual(spansOf('*a* and *b'), [{text: 'a', bold: true}, {text: ' and *b'}]);
	});

	test('nothing inside mono or inline code is parsed', () => {
		assert.deepEqual(spansOf('```*not bold* _x_```'), [{text: '*not bold* _x_', mono: true}]);
		assert.deepEqual(spansOf('`a*b*`'), [{text: 'a*b*', code: true}]);
	});

	test('a pair does not cross a newline', () => {
		const lines = parseFormatting('*a\nb*');
		assert.deepEqual(
			lines.map((line) => line.spans),
			[[{text: '*a'}], [{text: 'b*'}]],
		);
	});

	test('emoji next to markers', () => {
		assert.deepEqual(spansOf('👍*ok*'), [{text: '👍'}, {text: 'ok', bold: true}]);
	});
});

describe('line kinds', () => {
	test('quote, bullets and numbered items', () => {
		const lines = parseFormatting('> said *this*\n* one\n- two\n12. twelve\nplain');
		assert.deepEqual(lines, [
			{kind: 'quote', spans: [{text: 'said '}, {text: 'this', bold: true}]},
			{kind: 'bullet', marker: '*', spans: [{text: 'one'}]},
			{kind: 'bullet', marker: '-', spans: [{text: 'two'}]},
			{kind: 'numbered', marker: '12.', spans: [{text: 'twelve'}]},
			{kind: 'plain', spans: [{text: 'plain'}]},
		]);
	});

	test('a bullet may hold bold text; a bold line is not a bullet', () => {
		assert.deepEqual(parseFormatting('* *b*'), [
			{kind: 'bullet', marker: '*', spans: [{text: 'b', bold: true}]},
		]);
		assert.deepEqual(parseFormatting('*b* c'), [
			{kind: 'plain', spans: [{text: 'b', bold: true}, {text: ' c'}]},
		]);
	});

	test('a line starting "* " is a bullet, not a broken bold', () => {
		assert.deepEqual(parseFormatting('* a*'), [{kind: 'bullet', marker: '*', spans: [{text: 'a*'}]}]);
	});

	test('markers need the space after them', () => {
		assert.equal(parseFormatting('>no')[0]?.kind, 'plain');
		assert.equal(parseFormatting('1.5 litres')[0]?.kind, 'plain');
		assert.equal(parseFormatting('-1')[0]?.kind, 'plain');
	});

	test('empty lines are kept as lines with no spans', () => {
		assert.deepEqual(
			parseFormatting('a\n\nb').map((line) => line.spans.length),
			[1, 0, 1],
		);
	});
});

describe('plainText', () => {
	test('drops formatting, quote and bullet markers but keeps numbers', () => {
		const text = '> *Hi* _there_\n- ~old~ `new`\n2. ```mono *x*```';
		assert.equal(plainText(parseFormatting(text)), 'Hi there\nold new\n2. mono *x*');
	});

	test('keeps literal markers that did not pair', () => {
		assert.equal(plainText(parseFormatting('**x** and * a*')), '**x** and * a*');
	});
});
