// Hand-written inbound envelopes for the sample bot's tests: the bot is tested against the wire format
// itself, not against wamock's own envelope builder.
type Message = Record<string, unknown>;

export const phoneNumberId = '106540352242922';
export const from = '263778177125';
let sequence = 0;

export const envelope = (
	messages: Message | Message[],
	extra: {contacts?: unknown[]; name?: string; metadata?: Record<string, unknown>} = {},
) => ({
	object: 'whatsapp_business_account',
	entry: [
		{
			id: '102290129340398',
			changes: [
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: extra.metadata ?? {display_phone_number: '15550783881', phone_number_id: phoneNumberId},
						contacts: extra.contacts ?? [{profile: {name: extra.name ?? 'Test User'}, wa_id: from}],
						messages: [messages].flat().map((message) => ({
							from,
							id: `wamid.test${++sequence}`,
							timestamp: String(Math.floor(Date.now() / 1000)),
							...message,
						})),
					},
				},
			],
		},
	],
});

export const textMessage = (body: string): Message => ({type: 'text', text: {body}});
