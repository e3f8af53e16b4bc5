// Every node the page draws is made here or with these helpers, and text only ever goes in as text.

export type ElementOptions = {
	readonly className?: string;
	readonly testId?: string;
	readonly text?: string;
	readonly attributes?: Readonly<Record<string, string>>;
	readonly children?: ReadonlyArray<Node | string | undefined>;
};

export const element = <Tag extends keyof HTMLElementTagNameMap>(
	tag: Tag,
	options: ElementOptions = {},
): HTMLElementTagNameMap[Tag] => {
	const node = document.createElement(tag);
	if (options.className) {
		node.className = options.className;
	}

	if (options.testId) {
		node.dataset['testid'] = options.testId;
	}

	for (const [name, value] of Object.entries(options.attributes ?? {})) {
		node.setAttribute(name, value);
	}

	if (options.text !== undefined) {
		node.textContent = options.text;
	}

	for (const child of options.children ?? []) {
		if (child !== undefined) {
			node.append(typeof child === 'string' ? document.createTextNode(child) : child);
		}
	}

	return node;
};

/** The element with this id from index.html; a missing one is a bug in the page, so it throws. */
export const byId = <Type extends HTMLElement>(id: string, type: new () => Type): Type => {
	const node = document.getElementById(id);
	if (!(node instanceof type)) {
		throw new TypeError(`index.html has no #${id} of the expected kind`);
	}

	return node;
};

export const clockTime = (at: number): string =>
	new Date(at).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});

export const duration = (ms: number): string =>
	ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/** JSON for the raw view; a body that was not JSON is shown as the text it was. */
export const prettyJson = (value: unknown): string =>
	typeof value === 'string' ? value : (JSON.stringify(value, undefined, 2) ?? String(value));

/** A collapsed raw view whose JSON is only built when first opened, so long transcripts stay cheap. */
export const rawView = (
	label: string,
	parts: () => ReadonlyArray<readonly [string, unknown]>,
): HTMLElement => {
	const pre = element('pre', {className: 'raw-json', testId: 'raw-json'});
	const details = element('details', {
		className: 'raw',
		testId: 'raw',
		children: [
			element('summary', {testId: 'raw-toggle', text: label, attributes: {title: 'Show the raw JSON'}}),
			pre,
		],
	});
	details.addEventListener('toggle', () => {
		if (details.open) {
			pre.textContent = parts()
				.map(([title, value]) => `// ${title}\n${prettyJson(value)}`)
				.join('\n\n');
		}
	});
	return details;
};
