import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints small snippets as if they sat in each folder, with the project's own eslint.config.js, so
// the layer rules of the README's Architecture table are checked, not just written down.
const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The layer rule's findings for `code` placed at `filePath` (other rules ignored). */
async function layerFindings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

function importLine(from: string): string {
  return `import { x } from '${from}';`;
}

describe('layers enforced by lint', () => {
  const coreRefuses = {
    app: '../../app/session.ts',
    cli: '../../cli/main.ts',
    server: '../../server/server.ts',
    sandbox: '../../sandbox/server.ts',
    electron: '../../electron/main.ts',
  };
  for (const [layer, from] of Object.entries(coreRefuses)) {
    it(`refuses an import of src/${layer} in src/core`, async () => {
      expect(await layerFindings('src/core/engine/planned.ts', importLine(from))).toHaveLength(1);
      expect(await layerFindings('src/core/read/x.ts', importLine(from))).toHaveLength(1);
    });
  }

  it('refuses type-only imports and re-exports across layers too', async () => {
    expect(
      await layerFindings('src/core/engine/x.ts', "import type { x } from '../../app/session.ts';"),
    ).toHaveLength(1);
    const reexport = "export { y } from '../../sandbox/server.ts';\nconst x = 1;";
    expect(await layerFindings('src/core/engine/x.ts', reexport)).toHaveLength(1);
  });

  it('refuses src/core in src/api', async () => {
    expect(await layerFindings('src/api/x.ts', importLine('../core/model.ts'))).toHaveLength(1);
    expect(await layerFindings('src/api/x.ts', importLine('../core/engine/index.ts'))).toHaveLength(1);
  });

  it('refuses anything of ours but src/shared in the renderer', async () => {
    for (const from of [
      '../../src/core/model.ts',
      '../../src/api/index.ts',
      '../../src/app/session.ts',
      '../../src/sandbox/server.ts',
      '../../../src/electron/main.ts',
      '../../src/server/server.ts',
      '../../src/cli/main.ts',
    ]) {
      expect(await layerFindings('renderer/src/screens/x.tsx', importLine(from)), from).toHaveLength(1);
    }
    expect(await layerFindings('renderer/src/x.ts', importLine('../../src/shared/types.ts'))).toEqual([]);
    expect(await layerFindings('renderer/src/screens/x.tsx', importLine('../format.ts'))).toEqual([]);
  });

  it('keeps src/shared free of our other folders, Node and electron', async () => {
    expect(await layerFindings('src/shared/x.ts', importLine('../core/model.ts'))).toHaveLength(1);
    expect(await layerFindings('src/shared/x.ts', importLine('node:fs'))).toHaveLength(1);
    expect(await layerFindings('src/shared/x.ts', importLine('electron'))).toHaveLength(1);
    expect(await layerFindings('src/core/run/x.ts', importLine('electron'))).toHaveLength(1);
  });

  it('keeps core folders below their users', async () => {
    expect(await layerFindings('src/core/read/x.ts', importLine('../report/write-report.ts'))).toHaveLength(
      1,
    );
    expect(
      await layerFindings('src/core/validate/x.ts', importLine('../templates/sample-rows.ts')),
    ).toHaveLength(1);
    expect(await layerFindings('src/core/util/x.ts', importLine('../model.ts'))).toHaveLength(1);
    expect(await layerFindings('src/core/run/x.ts', importLine('../engine/index.ts'))).toHaveLength(1);
  });

  it('allows the imports the layer table lists', async () => {
    expect(await layerFindings('src/core/engine/x.ts', importLine('../../api/index.ts'))).toEqual([]);
    expect(await layerFindings('src/core/engine/x.ts', importLine('../validate/validate-file.ts'))).toEqual(
      [],
    );
    expect(await layerFindings('src/core/read/x.ts', importLine('../util/column-letter.ts'))).toEqual([]);
    expect(await layerFindings('src/core/report/x.ts', importLine('../model.ts'))).toEqual([]);
    expect(await layerFindings('src/sandbox/x.ts', importLine('../api/firmware.ts'))).toEqual([]);
    expect(await layerFindings('src/app/x.ts', importLine('../core/engine/index.ts'))).toEqual([]);
    expect(
      await layerFindings('src/electron/x.ts', "import { app } from 'electron';\nconst x = app;"),
    ).toEqual([]);
  });

  it('gives every top-level folder and every core folder its own allow-list', async () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `src/${d.name}`);
    const core = readdirSync(join(root, 'src', 'core')).map((name) => `src/core/${name}`);
    for (const where of [...folders, ...core, 'renderer']) {
      const file = where.endsWith('.ts') ? where : `${where === 'renderer' ? 'renderer/src' : where}/x.ts`;
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown> };
      const messages = JSON.stringify(config.rules['no-restricted-imports'] ?? null);
      expect(messages, where).toContain(`${where} may import`);
    }
  });
});
