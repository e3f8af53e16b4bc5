import {type Dispatch, type RefObject, useCallback} from 'react';
import type {ChatBackend} from '../backend.js';
import {type Action, type ChatState, messageText, parseCommand} from '../core/chat-state.js';
import type {UserMessage} from '../core/envelope.js';
import type {LatestInteractive} from './choices.js';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
What the composer's Enter and a chosen button do: run a command, or send a message as the current sender to
the current target, with the request's progress reported to the reducer. The callbacks read state through refs,
so they never change and memoised children never redraw because of them.
*/
export const useSender = (
	backend: ChatBackend,
	stateRef: RefObject<ChatState>,
	latestRef: RefObject<LatestInteractive | undefined>,
	dispatch: Dispatch<Action>,
) => {
	const send = useCallback(
		async (input: UserMessage) => {
			const {target, phone, name} = stateRef.current;
			dispatch({type: 'send-start', now: Date.now()});
			let error: string | undefined;
			try {
				const result = await backend.send({target, input, phone, name});
				error = result.ok ? undefined : result.error;
			} catch (caught) {
				error = `could not send the message: ${reason(caught)}`;
			}

			dispatch({type: 'send-end', now: Date.now(), ...(error === undefined ? {} : {error})});
		},
		[backend, stateRef, dispatch],
	);

	const submit = useCallback(
		(line: string) => {
			const command = parseCommand(line);
			if (command) {
				if (command.kind === 'clear') {
					backend.clear().catch((error: unknown) => {
						dispatch({type: 'notice', notice: {tone: 'error', lines: [`could not clear: ${reason(error)}`]}});
					});
				}

				dispatch({type: 'command', command});
				return;
			}

			const {type} = stateRef.current;
			// An answer to buttons or a list quotes the message it answers, as WhatsApp always does.
			const contextId = type === 'interactive' || type === 'list' ? latestRef.current?.wamid : undefined;
			void send({type, message: messageText(line), ...(contextId ? {contextId} : {})});
		},
		[backend, send, stateRef, latestRef, dispatch],
	);

	const choose = useCallback(
		(index: number) => {
			const offer = latestRef.current;
			const choice = offer?.choices[index];
			if (!offer || !choice) {
				return;
			}

			dispatch({type: 'focus', focus: 'composer'});
			void send({
				type: choice.type,
				message: choice.id,
				title: choice.title,
				...(choice.description ? {description: choice.description} : {}),
				contextId: offer.wamid,
			});
		},
		[send, latestRef, dispatch],
	);

	return {submit, choose};
};
