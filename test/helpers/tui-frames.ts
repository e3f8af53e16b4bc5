import {setTimeout as delay, setImmediate as yieldToLoop} from 'node:timers/promises';

/** Polls a frame source until the predicate holds; fails with the last frame, so a failure shows the screen. */
export const waitForFrame = async (
	lastFrame: () => string | undefined,
	predicate: (frame: string) => boolean,
	{timeoutMs = 5000, what = 'the expected frame'}: {timeoutMs?: number; what?: string} = {},
): Promise<string> => {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = lastFrame() ?? '';
		if (predicate(frame)) {
			// A terminal delivers each key in its own event-loop turn. Yielding once more lets React run the
			// effects of this frame (Ink re-subscribes key handlers in them) before the test sends the next key.
			// eslint-disable-next-line no-await-in-loop
			await yieldToLoop();
			// eslint-disable-next-line no-await-in-loop
			await yieldToLoop();
			return frame;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last frame:\n${frame}`);
		}

		// A short poll interval, not a fixed wait: the loop returns as soon as the frame matches.
		// eslint-disable-next-line no-await-in-loop
		await delay(10);
	}
};

/** Waits until the text shows in the frame. */
export const waitForText = async (lastFrame: () => string | undefined, text: string, timeoutMs = 5000) =>
	waitForFrame(lastFrame, (frame) => frame.includes(text), {timeoutMs, what: JSON.stringify(text)});

export const keys = {
	enter: '\r',
	tab: '\t',
	shiftTab: '\u001B[Z',
	escape: '\u001B',
	up: '\u001B[A',
	down: '\u001B[B',
	ctrlC: '\u0003',
	ctrlD: '\u0004',
	backspace: '\u007F',
} as const;
