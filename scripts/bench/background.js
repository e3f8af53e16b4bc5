// How much of the machine other programs used while the bench ran: the bench's own processes share two
// cores, so anything else running skews every figure. Linux only (/proc); elsewhere it says nothing.
import {readFileSync} from 'node:fs';
import os from 'node:os';

const ticksPerSecond = 100;

const read = () => {
	try {
		const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
		const [user, nice, system, , , , , steal] = cpu;
		// utime, stime, and the same for children already waited for (every process the bench started).
		const self = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ').map(Number);
		const own = self[11] + self[12] + self[13] + self[14];
		// Interrupt time is left out: loopback traffic, the bench's own, is handled there, and charged to no process.
		return {busy: user + nice + system, steal, own, at: Date.now()};
	} catch {
		return undefined;
	}
};

export const watchBackground = () => {
	const start = read();
	return () => {
		const end = read();
		if (!start || !end) {
			return undefined;
		}

		const seconds = (end.at - start.at) / 1000;
		const cores = os.cpus().length;
		// /proc/stat counts in USER_HZ per core; share of the whole machine, in cores.
		const other = (end.busy - start.busy - (end.own - start.own)) / ticksPerSecond;
		// Steal is time the hypervisor gave to other guests: it skews the figures just as much.
		const steal = (end.steal - start.steal) / ticksPerSecond;
		return {otherCores: Math.max(0, other / seconds), stealCores: steal / seconds, cores};
	};
};
