import {type MessageType, messageTypes} from '../core/envelope.js';
import type {OutgoingMessage, PageSettings, SendOutcome} from './api.js';
import {byId, element} from './dom.js';
import type {StreamState} from './stream.js';

export type Identity = {readonly phone: string; readonly name: string};

export type Composer = {
	readonly target: () => string;
	readonly identity: () => Identity;
	readonly setStreamState: (state: StreamState) => void;
	readonly showError: (message: string) => void;
};

export type SendHandler = (
	target: string,
	message: OutgoingMessage,
	identity: Identity,
) => Promise<SendOutcome>;

const typeInfo: Readonly<Record<MessageType, {label: string; placeholder: string}>> = {
	text: {label: 'text', placeholder: 'Type a message'},
	button: {label: 'button (template quick reply)', placeholder: 'Button payload'},
	interactive: {label: 'interactive (button reply)', placeholder: 'Button reply id'},
	list: {label: 'list (list reply)', placeholder: 'List row id'},
};

const streamLabels: Readonly<Record<StreamState, string>> = {
	connecting: 'connecting…',
	live: 'live',
	reconnecting: 'reconnecting…',
};

// sessionStorage keeps choices across reloads of this tab without outliving a change of the config file.
const remembered = (key: string): string | undefined => {
	try {
		return sessionStorage.getItem(`wamock.${key}`) ?? undefined;
	} catch {
		return undefined;
	}
};

const remember = (key: string, value: string): void => {
	try {
		sessionStorage.setItem(`wamock.${key}`, value);
	} catch {}
};

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

export const createComposer = (settings: PageSettings, onSend: SendHandler): Composer => {
	const form = byId('composer', HTMLFormElement);
	const typeSelect = byId('type-select', HTMLSelectElement);
	const input = byId('message-input', HTMLTextAreaElement);
	const title = byId('title-input', HTMLInputElement);
	const description = byId('description-input', HTMLInputElement);
	const contextId = byId('context-input', HTMLInputElement);
	const targetSelect = byId('target-select', HTMLSelectElement);
	const phone = byId('phone-input', HTMLInputElement);
	const name = byId('name-input', HTMLInputElement);
	const streamState = byId('stream-state', HTMLElement);
	const targetLine = byId('target-line', HTMLElement);
	const error = byId('composer-error', HTMLElement);

	typeSelect.replaceChildren(
		...messageTypes.map((type) => element('option', {text: typeInfo[type].label, attributes: {value: type}})),
	);
	targetSelect.replaceChildren(
		...settings.targets.map((target) =>
			element('option', {text: target.name, attributes: {value: target.name}}),
		),
	);
	const savedTarget = remembered('target');
	targetSelect.value = settings.targets.some((target) => target.name === savedTarget)
		? (savedTarget ?? '')
		: settings.defaultTarget;
	phone.value = remembered('phone') ?? settings.identity.phone;
	name.value = remembered('name') ?? settings.identity.name;

	const currentType = (): MessageType => messageTypes.find((type) => type === typeSelect.value) ?? 'text';

	const showTarget = () => {
		const target = settings.targets.find((candidate) => candidate.name === targetSelect.value);
		targetLine.textContent = target ? `${target.name} · ${target.url}` : 'no target configured';
	};

	const showType = () => {
		const type = currentType();
		input.placeholder = typeInfo[type].placeholder;
		title.hidden = type === 'text';
		contextId.hidden = type === 'text';
		description.hidden = type !== 'list';
	};

	const showError = (message: string) => {
		error.textContent = message;
		error.hidden = message === '';
	};

	const submit = async () => {
		const type = currentType();
		const text = input.value;
		if (text.trim() === '') {
			showError(
				type === 'text' ? 'Type a message first.' : `Give the ${typeInfo[type].placeholder.toLowerCase()}.`,
			);
			return;
		}

		// Hidden fields belong to other message types and are left out.
		const extra = (field: HTMLInputElement): string | undefined =>
			field.hidden ? undefined : optional(field.value);
		const [titleValue, descriptionValue, contextValue] = [extra(title), extra(description), extra(contextId)];
		const message: OutgoingMessage = {
			type,
			message: text,
			...(titleValue === undefined ? {} : {title: titleValue}),
			...(descriptionValue === undefined ? {} : {description: descriptionValue}),
			...(contextValue === undefined ? {} : {contextId: contextValue}),
		};
		showError('');
		input.value = '';
		const outcome = await onSend(targetSelect.value, message, {
			phone: phone.value.trim(),
			name: name.value.trim(),
		});
		if (!outcome.ok && outcome.input) {
			showError(outcome.message);
			// Give the text back so a fix does not mean typing it again.
			if (input.value === '') {
				input.value = text;
			}
		}
	};

	form.addEventListener('submit', (event) => {
		event.preventDefault();
		void submit();
	});
	// Enter sends and Shift+Enter starts a new line, as in WhatsApp Web.
	input.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
			event.preventDefault();
			form.requestSubmit();
		}
	});
	typeSelect.addEventListener('change', showType);
	targetSelect.addEventListener('change', () => {
		remember('target', targetSelect.value);
		showTarget();
	});
	phone.addEventListener('change', () => {
		remember('phone', phone.value.trim());
	});
	name.addEventListener('change', () => {
		remember('name', name.value.trim());
	});

	showType();
	showTarget();
	return {
		target: () => targetSelect.value,
		identity: () => ({phone: phone.value.trim(), name: name.value.trim()}),
		setStreamState(state) {
			streamState.textContent = streamLabels[state];
			streamState.dataset['state'] = state;
		},
		showError,
	};
};
