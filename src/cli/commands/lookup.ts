/**
 * `pbx-bulk lookup regions|domains|firmware|trunks|dids|customers|templates [--csv]`: the values
 * the target accepts, read with the documented YCM list endpoints (FACTS 1.8.R–X), as a table or
 * as CSV whose every cell is safe to open in Excel. Reads only; the sandbox without credentials.
 */
import type { YcmClient } from '../../api/index.ts';
import { safeCell, terminalSafe } from '../../core/util/cell-safety.ts';
import { quoteCsv } from '../../core/util/quote-csv.ts';
import { helpText, parseArgs, type FlagSpec } from '../args.ts';
import { connect } from '../connect.ts';
import { reportFailure } from '../fail.ts';
import { EXIT, type CliIo } from '../io.ts';

interface Table {
  headers: string[];
  rows: string[][];
}

const text = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** What each subject reads, and the columns shown (the value a sheet takes first). */
const SUBJECTS: Record<string, { help: string; read: (ycm: YcmClient) => Promise<Table> }> = {
  regions: {
    help: 'regions (FACTS 1.8.R)',
    read: async (ycm) => ({
      headers: ['Region', 'Region ID'],
      rows: (await ycm.regions()).map((r) => [r.region, text(r.regionId)]),
    }),
  },
  domains: {
    help: 'domain names of every region (FACTS 1.8.S)',
    read: async (ycm) => {
      const regions = await ycm.regions();
      const names = new Map(regions.map((r) => [r.regionId, r.region]));
      const domains = regions.length === 0 ? [] : await ycm.domains(regions.map((r) => r.regionId));
      return {
        headers: ['Domain', 'Domain ID', 'Region'],
        rows: domains.map((d) => [d.domain, text(d.domainId), names.get(d.regionId) ?? text(d.regionId)]),
      };
    },
  },
  firmware: {
    help: 'PBX firmware versions and their regions (FACTS 1.8.T)',
    read: async (ycm) => {
      const names = new Map((await ycm.regions()).map((r) => [r.regionId, r.region]));
      return {
        headers: ['Version', 'Version ID', 'Regions'],
        rows: (await ycm.firmwares()).map((f) => [
          f.version,
          text(f.versionId),
          (f.regionIds ?? []).map((id) => names.get(id) ?? text(id)).join(', '),
        ]),
      };
    },
  },
  trunks: {
    help: 'shared trunks, own and authorised (FACTS 1.8.W)',
    read: async (ycm) => ({
      headers: ['Trunk', 'Trunk ID', 'Type'],
      rows: (await ycm.sharedTrunks()).map((t) => [t.name, text(t.id), t.type]),
    }),
  },
  dids: {
    help: 'DID numbers, their trunks and the PBX each is bound to (FACTS 1.8.X)',
    read: async (ycm) => ({
      headers: ['DID', 'DID ID', 'Name', 'Trunk IDs', 'Bound to PBX ID'],
      rows: (await ycm.allDids()).map((d) => [
        d.did,
        text(d.id),
        text(d.didName),
        (d.trunkIds ?? []).join(', '),
        text(d.cloudPbxId),
      ]),
    }),
  },
  customers: {
    help: 'YCM customers (FACTS 1.8.V)',
    read: async (ycm) => ({
      headers: ['Company', 'Customer ID', 'First name', 'Last name', 'Email'],
      rows: (await ycm.allCustomers()).map((c) => [
        text(c.company),
        text(c.customerId),
        text(c.firstName),
        text(c.lastName),
        text(c.email),
      ]),
    }),
  },
  templates: {
    help: 'provisioning templates (FACTS 1.8.U)',
    read: async (ycm) => ({
      headers: ['Template', 'Template ID'],
      rows: (await ycm.provisionTemplates()).map((t) => [
        t.provisioningTemplateName,
        text(t.provisioningTemplateId),
      ]),
    }),
  },
};

const FLAGS: Record<string, FlagSpec> = {
  csv: { type: 'boolean', help: 'print CSV (cells safe to open in Excel) instead of a table' },
};
const USAGE = `pbx-bulk lookup ${Object.keys(SUBJECTS).join('|')} [--csv]`;

function usage(): string {
  const subjects = Object.entries(SUBJECTS).map(([name, s]) => `  ${name.padEnd(10)} ${s.help}`);
  return `${helpText(USAGE, FLAGS)}\nwhat:\n${subjects.join('\n')}\n\nReads the target the credentials name (YCM_...), or the local sandbox without them.\n`;
}

/** Columns padded to their widest cell, control characters shown as escapes. */
export function formatTable(table: Table): string {
  const cells = [table.headers, ...table.rows].map((row) => row.map((c) => terminalSafe(c)));
  const widths = table.headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string =>
    row
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const [head, ...rest] = cells;
  return `${[line(head ?? []), rule, ...rest.map(line)].join('\n')}\n`;
}

/** CSV with every cell through safeCell (no formula runs when Excel opens it). */
export function formatCsv(table: Table): string {
  return `${[table.headers, ...table.rows].map((row) => row.map((c) => quoteCsv(safeCell(c))).join(',')).join('\r\n')}\r\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, FLAGS);
  if (parsed.ok && parsed.args.flags['help']) {
    io.stdout.write(usage());
    return EXIT.ok;
  }
  const what = parsed.ok ? parsed.args.positional : [];
  const subject = what.length === 1 ? SUBJECTS[what[0] ?? ''] : undefined;
  if (!parsed.ok || !subject) {
    const problem = !parsed.ok
      ? parsed.error
      : what.length === 1
        ? `unknown list '${what[0] ?? ''}'`
        : 'name one list to look up';
    io.stderr.write(`${terminalSafe(`pbx-bulk lookup: ${problem}`)}\n\n${usage()}`);
    return EXIT.unusable;
  }
  let connection;
  try {
    connection = await connect(io);
    const ycm = connection.clients.ycm;
    if (!ycm) {
      io.stderr.write(
        'pbx-bulk lookup: no YCM target is configured (YCM_BASE_URL, YCM_CLIENT_ID, YCM_CLIENT_SECRET).\n',
      );
      return EXIT.unusable;
    }
    const table = await subject.read(ycm);
    io.stderr.write(`Target: ${connection.label}; ${table.rows.length} found.\n`);
    io.stdout.write(parsed.args.flags['csv'] ? formatCsv(table) : formatTable(table));
    return EXIT.ok;
  } catch (error) {
    return reportFailure('lookup', error, io);
  } finally {
    await connection?.close();
  }
}
