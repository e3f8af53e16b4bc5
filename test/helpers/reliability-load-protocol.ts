/** What the load test and its server process (reliability-load-server.ts) say to each other over IPC. */

export type LoadReport = {
	readonly type: 'report';
	readonly users: number;
	readonly replies: number;
	readonly delivered: number;
	/** A few of the messages or replies that were expected and never seen. */
	readonly missing: string[];
	/** Anything else the conversation recorded (errors, rejections), and every ✗ line of either log. */
	readonly unexpected: string[];
};

export type DrainReport = {
	readonly type: 'drain';
	readonly baseline: number;
	readonly listeners: number;
	readonly connections: number;
	readonly waitedMs: number;
};

export type ToChild = {readonly type: 'report' | 'drain' | 'close'};
export type FromChild = {readonly type: 'ready'; readonly port: number} | LoadReport | DrainReport;

export const phoneOf = (client: number): string => `26377${String(client).padStart(7, '0')}`;
export const textOf = (client: number, index: number): string => `load ${client}/${index}`;
