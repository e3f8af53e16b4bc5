// After tsc: make the binary executable, and copy the web page's static files next to its compiled script.
import {chmod, copyFile, mkdir, readdir} from 'node:fs/promises';

const source = new URL('../source/web/', import.meta.url);
const target = new URL('../dist/web/', import.meta.url);
await mkdir(target, {recursive: true});
for (const name of await readdir(source)) {
	if (/\.(html|css|svg)$/.test(name)) {
		await copyFile(new URL(name, source), new URL(name, target));
	}
}

await chmod(new URL('../dist/cli.js', import.meta.url), 0o755);
