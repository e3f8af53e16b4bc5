import {readdir, readFile} from 'node:fs/promises';
import type {ServerResponse} from 'node:http';
import {sendBody, sendError} from './http.js';

export type Asset = {readonly contentType: string; readonly bytes: Buffer};

/** URL path → file contents, read once at start-up. Requests only ever look up this table. */
export type Assets = ReadonlyMap<string, Asset>;

const contentTypes: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.svg': 'image/svg+xml; charset=utf-8',
};

export const pagePolicy =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const extensionOf = (name: string): string => {
	const dot = name.lastIndexOf('.');
	return dot === -1 ? '' : name.slice(dot);
};

/** The files of one folder (not its subfolders) with an allowed extension; a missing folder gives none. */
const readFolder = async (folder: URL, extensions: readonly string[]): Promise<Array<[string, Asset]>> => {
	let names: string[];
	try {
		const dirents = await readdir(folder, {withFileTypes: true});
		names = dirents.filter((dirent) => dirent.isFile()).map((dirent) => dirent.name);
	} catch {
		return [];
	}

	const files: Array<[string, Asset]> = [];
	for (const name of names.sort()) {
		const contentType = contentTypes[extensionOf(name)];
		if (contentType === undefined || !extensions.includes(extensionOf(name))) {
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		files.push([name, {contentType, bytes: await readFile(new URL(encodeURIComponent(name), folder))}]);
	}

	return files;
};

/**
The built page: everything in `<root>/web/` (index.html as `/`, the rest as `/web/<name>`) and the compiled
core modules in `<root>/core/` (as `/core/<name>`), which the page imports so it builds envelopes the same way.
*/
export const loadAssets = async (root: URL): Promise<Assets> => {
	const assets = new Map<string, Asset>();
	for (const [name, asset] of await readFolder(new URL('web/', root), ['.html', '.css', '.js', '.svg'])) {
		assets.set(name === 'index.html' ? '/' : `/web/${name}`, asset);
	}

	for (const [name, asset] of await readFolder(new URL('core/', root), ['.js'])) {
		assets.set(`/core/${name}`, asset);
	}

	return assets;
};

export const serveAsset = (response: ServerResponse, assets: Assets, path: string): boolean => {
	const asset = assets.get(path);
	if (asset === undefined) {
		if (path === '/') {
			sendError(response, 503, 'page-not-built', 'web page not built (run npm run build)');
			return true;
		}

		return false;
	}

	sendBody(response, 200, asset.bytes, {
		'content-type': asset.contentType,
		// Assets live in memory for the server's lifetime, but a rebuild plus restart must show at once.
		'cache-control': 'no-cache',
		...(path === '/' ? {'content-security-policy': pagePolicy, 'referrer-policy': 'no-referrer'} : {}),
	});
	return true;
};
