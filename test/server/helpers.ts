import { request } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../src/app/session.ts';
import type { SessionPorts } from '../../src/app/ports.ts';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (fetch cannot forge Host; a DNS-rebinding page effectively does). */
export function call(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; host?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: opts.host ?? '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A session whose engine is never reached by the security tests. */
export async function bareSession(): Promise<{ session: Session; staticDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'pbx-ui-test-'));
  const staticDir = join(dir, 'static');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>PBX Bulk Import</title>');
  const ports: SessionPorts = {
    validateFile: () => Promise.reject(new Error('not used')),
    writeReport: () => Promise.reject(new Error('not used')),
    listFields: () => [],
    testConnection: () => Promise.reject(new Error('not used')),
  };
  const session = new Session({
    ports,
    workDir: join(dir, 'work'),
    targets: [{ id: 'sandbox', label: 'SANDBOX', sandbox: true, live: { kind: 'live' } }],
  });
  return { session, staticDir };
}
