/**
 * Engine test helpers: a real sandbox on loopback with clients pointed at it (backoff shortened,
 * bucket wide so tests stay quick), and small workbooks written with exceljs into a temp dir.
 * Headers are API field names (dotted for nested fields), as a user may write them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createClients, sandboxTargets, type Clients, type PacingOptions } from '../../../src/api/index.ts';
import { EXAMPLE_ROWS } from '../../../src/core/templates/sample-rows.ts';
import { createInitialState } from '../../../src/sandbox/fixtures.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/server.ts';
import type { SandboxState } from '../../../src/sandbox/state.ts';
import { SHEET_NAMES, type SheetKind } from '../../../src/shared/types.ts';

export type Row = Record<string, string>;

export const ADMIN_PASSWORD = 'Sandbox-Pass7x9q';
export const KAZOO_API_KEY = 'kz-secret-api-key-5f3e9a';
export const THREECX_PASSWORD = 'Tcx-Secret-Pw-81q';
export const THREECX_LICENCE = 'TCXL-7Q2W-9E4R-1T6Y';

const FAST: PacingOptions = {
  backoff: { baseMs: 5, capMs: 50, maxAttempts: 4 },
  bucket: { burst: 10_000, rate: 10_000, intervalSeconds: 1 },
};

export interface Harness {
  sandbox: Sandbox;
  clients: Clients;
  dir: string;
  close(): Promise<void>;
}

/** A sandbox and clients on it; `timeoutMs` shortens the per-call timeout (for timeout faults). */
export async function harness(
  opts: SandboxOptions & { timeoutMs?: number; state?: (s: SandboxState) => void } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'engine-'));
  const { timeoutMs, state, ...sandboxOpts } = opts;
  if (state) {
    const initial = createInitialState();
    state(initial);
    const stateFile = join(dir, 'sandbox-state.json');
    writeFileSync(stateFile, JSON.stringify(initial));
    sandboxOpts.stateFile = stateFile;
  }
  const sandbox = await startSandbox({ port: 0, ...sandboxOpts });
  const pacing: PacingOptions = { ...FAST, ...(timeoutMs !== undefined && { timeoutMs }) };
  const clients = createClients(sandboxTargets(sandbox), { ycm: pacing, pp: pacing, myreports: pacing });
  return { sandbox, clients, dir, close: () => sandbox.close() };
}

/** A valid PBX row (the template's example) for subdomain `sub`, with DID +1202555010n. */
export function pbxRow(n: number, sub: string, extra: Row = {}): Row {
  const base = EXAMPLE_ROWS.pbx[0] ?? {};
  return {
    ...base,
    name: `Company ${sub}`,
    subDomain: sub,
    dids: `+120255501${String(n).padStart(2, '0')}`,
    'cloudPbxInitialConfigRequest.administratorSettings.username': `Admin${n}x`,
    'cloudPbxInitialConfigRequest.administratorSettings.newPassword': ADMIN_PASSWORD,
    'cloudPbxInitialConfigRequest.administratorSettings.confirmPassword': ADMIN_PASSWORD,
    'cloudPbxInitialConfigRequest.administratorSettings.emailAddress': `it@${sub}.example`,
    ...extra,
  };
}

/** A Kazoo MyReports row for the fixture customer Acme Ltd. */
export function kazooRow(accountId: string, extra: Row = {}): Row {
  return {
    customer: 'Acme Ltd',
    _type: 'KazooPbxConnectionProfile',
    name: `Kazoo ${accountId.slice(0, 6)}`,
    hostRest: 'https://rest.kazoo.example',
    hostWebsocket: 'wss://ws.kazoo.example',
    accountId,
    apiKey: KAZOO_API_KEY,
    countryCode: 'US',
    ...extra,
  };
}

/** Writes an .xlsx with one sheet per kind given (sheet names as the templates use them). */
export async function writeWorkbook(
  dir: string,
  sheets: Partial<Record<SheetKind, Row[]>>,
  name = 'input.xlsx',
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [kind, rows] of Object.entries(sheets) as [SheetKind, Row[]][]) {
    const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const ws = wb.addWorksheet(SHEET_NAMES[kind]);
    ws.addRow(headers);
    for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ''));
  }
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

/** Calls the sandbox received that write (anything but GET and token requests). */
export function writes(sandbox: Sandbox): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [endpoint, n] of Object.entries(sandbox.stats().byEndpoint)) {
    if (endpoint.startsWith('GET ') || endpoint.includes('token')) continue;
    out[endpoint] = n;
  }
  return out;
}

/** PBXs of the sandbox with this subdomain. */
export function pbxsWithSub(sandbox: Sandbox, sub: string): SandboxState['ycm']['pbxs'] {
  return sandbox.state().ycm.pbxs.filter((p) => p.subDomain === sub);
}

/** DID ids bound to a PBX in the sandbox, sorted. */
export function boundDids(sandbox: Sandbox, cloudPbxId: number): number[] {
  const pbx = sandbox.state().ycm.pbxs.find((p) => p.cloudPbxId === cloudPbxId);
  return (pbx?.trunkDidRelations ?? []).flatMap((r) => r.didIds).sort((a, b) => a - b);
}
