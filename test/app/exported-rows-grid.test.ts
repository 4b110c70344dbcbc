/**
 * An export opened in the app (issue 18): its rows exist on the account and stay `skipped` in the
 * Review grid, also after an edit elsewhere re-checks the rows against each other.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/app/default-ports.ts';
import { Session } from '../../src/app/session.ts';

let dir: string;
let session: Session;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-exported-grid-'));
  session = new Session({
    ports: defaultPorts(),
    workDir: dir,
    targets: [{ id: 'sandbox', label: 'Sandbox', sandbox: true, live: { kind: 'live' } }],
  });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The PBX template's example row four times, under new subdomains; the first two exported. */
async function sheetWithExportedRows(): Promise<string> {
  const [header = '', example = ''] = (
    await readFile(join(import.meta.dirname, '../../templates/pbx.csv'), 'utf8')
  )
    .replace(/^\ufeff/, '')
    .split(/\r?\n/);
  const headers = header.split(',');
  const sub = headers.indexOf('Subdomain');
  const rows = [1, 2, 3, 4].map((n) => {
    const cells = example.split(',');
    cells[sub] = `grid-${n}`;
    return [...cells, n <= 2 ? String(42000 + n) : ''].join(',');
  });
  const file = join(dir, 'PBX.csv');
  await writeFile(file, [[...headers, 'Cloud PBX ID'].join(','), ...rows].join('\n'));
  return file;
}

describe('exported rows in the Review grid', () => {
  it('stay skipped after an edit re-checks the other rows', async () => {
    const data = new Uint8Array(await readFile(await sheetWithExportedRows()));
    const opened = await session.openSheet({ file: await session.uploadFile({ name: 'PBX.csv', data }) });
    const sheet = opened.sheets[0];
    if (!sheet) throw new Error('no sheet');
    const statuses = async (): Promise<string[]> =>
      (await session.getRows({ sheet: sheet.name, start: 0, count: 10 })).rows.map((r) => r.status);
    expect((await statuses()).slice(0, 2)).toEqual(['skipped', 'skipped']);
    // A subdomain is what the cross-row checks compare: every row is checked again.
    const col = sheet.columns.find((c) => c.header === 'Subdomain')?.index ?? -1;
    await session.updateCell({ sheet: sheet.name, index: 3, col, text: 'grid-44' });
    expect((await statuses()).slice(0, 2)).toEqual(['skipped', 'skipped']);
  });
});
