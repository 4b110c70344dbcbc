/**
 * Browser mode and issue 16's hostile files: a file refused by a reading budget, or not UTF-8,
 * answers HTTP 400 with the reader's message (not 500), and the server serves on.
 */
import { request } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../src/app/session.ts';
import { startUiServer, type UiServer } from '../../src/server/server.ts';
import { validateFile } from '../../src/core/validate/validate-file.ts';
import { writeHostile, type HostileCase } from '../reliability/hostile-xlsx.ts';

const SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuv';
let server: UiServer;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-ui-hostile-'));
  const { mkdir, writeFile } = await import('node:fs/promises');
  const staticDir = join(dir, 'static');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>PBX Bulk Import</title>');
  const session = new Session({
    ports: {
      validateFile,
      writeReport: () => Promise.reject(new Error('not used')),
      listFields: () => [],
      testConnection: () => Promise.reject(new Error('not used')),
    },
    workDir: join(dir, 'work'),
    targets: [{ id: 'sandbox', label: 'SANDBOX', sandbox: true, live: { kind: 'live' } }],
  });
  server = await startUiServer({ session, staticDir, port: 0, secret: SECRET });
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

function post(path: string, body: Buffer, type: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port: server.port,
        host: '127.0.0.1',
        method: 'POST',
        path,
        headers: {
          'Content-Type': type,
          Cookie: `pbx_ui_${server.port}=${SECRET}`,
          Origin: `http://127.0.0.1:${server.port}`,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser mode: hostile files are refused with HTTP 400 and a message', () => {
  it.each([
    ['merge-cells-million', /xl\/worksheets\/sheet1\.xml holds more than 100,000 merged ranges/],
    ['invalid-utf8-sheet', /xl\/worksheets\/sheet1\.xml is not valid UTF-8 at byte 401/],
    ['unclosed-tag-shared-strings', /xl\/sharedStrings\.xml holds a tag that is not closed within 4 MB/],
  ] as const)('%s', async (which: HostileCase, reason) => {
    const file = join(dir, `${which}.xlsx`);
    await writeHostile(which, file);
    const upload = await post(
      `/api/uploadFile?name=${which}.xlsx`,
      await readFile(file),
      'application/octet-stream',
    );
    expect(upload.status).toBe(200);
    const ref = (JSON.parse(upload.body) as { result: { id: string; name: string } }).result;
    const open = await post('/api/openSheet', Buffer.from(JSON.stringify({ file: ref })), 'application/json');
    expect(open.status).toBe(400);
    expect((JSON.parse(open.body) as { error: { message: string } }).error.message).toMatch(reason);
    // And it serves on.
    const next = await post('/api/getTargets', Buffer.from('{}'), 'application/json');
    expect(next.status).toBe(200);
  });
});
