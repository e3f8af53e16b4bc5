// WhatsApp's own limits (PROTOCOL.md §2 and §6), counted in Unicode code points.
export const limits = {
	textBody: 4096,
	buttonReplyId: 256,
	buttonTitle: 20,
	listRowId: 200,
	listRowTitle: 24,
	listRowDescription: 72,
	// The largest webhook payload WhatsApp delivers.
	payloadBytes: 3 * 1024 * 1024,
} as const;

export const codePointLength = (text: string): number => [...text].length;

export const truncateCodePoints = (text: string, max: number): string => [...text].slice(0, max).join('');
