import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
// Type-only: keeps the sandboxed preload (CommonJS, not in the build include) type-checked.
import type {} from '../../src/electron/preload.cts';

vi.mock('electron', () => import('./electron-mock.ts'));

const { safeStorage } = await import('./electron-mock.ts');
const { loadCredentials, saveCredentials } = await import('../../src/electron/credentials.ts');

const SECRET = 'ycm-secret-Do-Not-Leak-42';

afterEach(() => {
  safeStorage.available = true;
});

describe('credential store', () => {
  it('encrypts with safeStorage and never writes the secret in plain text', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pbx-cred-')), 'credentials.bin');
    await saveCredentials(file, { YCM_CLIENT_ID: 'id-1', YCM_CLIENT_SECRET: SECRET });
    expect(safeStorage.encryptString).toHaveBeenCalled();
    expect((await readFile(file)).toString()).not.toContain(SECRET);
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await loadCredentials(file)).toEqual({ YCM_CLIENT_ID: 'id-1', YCM_CLIENT_SECRET: SECRET });
  });

  it('refuses to save when the OS offers no encryption, rather than writing plain text', async () => {
    safeStorage.available = false;
    const file = join(await mkdtemp(join(tmpdir(), 'pbx-cred-')), 'credentials.bin');
    await expect(saveCredentials(file, { YCM_CLIENT_SECRET: SECRET })).rejects.toThrow(/no secure storage/);
    await expect(stat(file)).rejects.toThrow();
  });

  it('stores only credential variables', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pbx-cred-')), 'credentials.bin');
    await expect(saveCredentials(file, { PATH: '/evil' })).rejects.toThrow(/not a credential/);
  });
});
