/**
 * Serves the built renderer (dist/renderer). Paths are resolved inside the root and anything
 * that escapes it is refused; unknown paths fall back to index.html (a single-page app).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/** The file for a URL path, or undefined when the root has no build (or the path escapes it). */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | undefined> {
  const base = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const full = resolve(join(base, normalize(rel)));
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  const candidates = extname(full) ? [full] : [join(base, 'index.html')];
  for (const file of candidates) {
    try {
      return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
    } catch {
      // fall through
    }
  }
  return undefined;
}
