import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.ts'));

const { appResponse } = await import('../../src/electron/app-protocol.ts');

describe('app:// protocol', () => {
  it('serves the renderer with a strict Content-Security-Policy header', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbx-app-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>PBX</title>');
    const res = await appResponse(dir, 'app://renderer/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses paths outside the renderer directory and other hosts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbx-app-'));
    expect((await appResponse(dir, 'app://renderer/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await appResponse(dir, 'app://other/index.html')).status).toBe(404);
  });
});
