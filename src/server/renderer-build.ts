/**
 * Browser mode serves the built renderer (dist/renderer), and `npm ci` builds nothing: so the
 * first `pbx-bulk ui` of a fresh clone builds it with Vite, as `npm run build` does, and builds
 * it again when the renderer's sources (or the bridge types they share) are newer than the build
 * (a `git pull` since). The build goes to a folder of its own, then takes the place of the old one,
 * so a half-written build is never served.
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Vite from 'vite';

/** The sources a renderer build is made of, relative to the repository's root. */
const SOURCES = ['renderer', 'src/shared'];

export interface RendererBuild {
  /** The repository's root (where renderer/vite.config.ts is). */
  root: string;
  /** Where the built renderer goes (dist/renderer). */
  outDir: string;
  /** Told what happens ("Building the screens..."). */
  log: (line: string) => void;
}

/** The newest modification time under `path` (0 when it does not exist). */
async function newest(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    latest = Math.max(latest, await newest(join(path, entry)));
  }
  return latest;
}

/** Why the renderer must be built: missing, or older than its sources; undefined when it is current. */
export async function buildNeeded(b: Pick<RendererBuild, 'root' | 'outDir'>): Promise<string | undefined> {
  const built = await newest(join(b.outDir, 'index.html'));
  if (built === 0) return 'not built yet';
  const sources = Math.max(...(await Promise.all(SOURCES.map((s) => newest(join(b.root, s))))));
  return sources > built ? 'its sources changed since it was built' : undefined;
}

/** Builds the renderer into `outDir` when buildNeeded says so. Throws an Error saying what to do. */
export async function ensureRenderer(b: RendererBuild): Promise<void> {
  const why = await buildNeeded(b);
  if (why === undefined) return;
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    throw new Error(
      `The app's screens are ${why} and Vite, which builds them, is not installed: run \`npm ci\` (development dependencies included), then \`npm run build\`.`,
    );
  }
  b.log(`Building the app's screens (${why}); this takes a few seconds, once...`);
  const started = Date.now();
  const temp = `${b.outDir}.building-${process.pid}`;
  // `npm run build` ships React's production build; a NODE_ENV of test or development would not.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await vite.build({
      configFile: join(b.root, 'renderer/vite.config.ts'),
      logLevel: 'error',
      mode: 'production',
      build: { outDir: temp, emptyOutDir: true },
    });
    await rm(b.outDir, { recursive: true, force: true });
    await rename(temp, b.outDir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw new Error(
      `Could not build the app's screens (${error instanceof Error ? error.message : String(error)}). Try \`npm run build\`.`,
      { cause: error },
    );
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  b.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
