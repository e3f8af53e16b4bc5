import {runTui} from '../source/tui.js';
process.exitCode = await runTui({port: 0, server: true, timeoutMs: 5000, demo: true, verbose: false});
