/**
 * The crash and soak suites' verdict: compares a run's result report with the sandbox's state.
 * Every row must be final (succeeded, or failed/invalid with a reason), no PBX, order or profile
 * may exist twice for one row, and every id the report gives must be the one the target holds.
 */
import { SHEET_NAMES, type Report, type ReportRow, type SheetKind } from '../../src/shared/types.ts';
import type { SandboxState } from '../../src/sandbox/state.ts';
import type { BuiltWorkbook } from './workbook.ts';

export interface Verdict {
  problems: string[];
  byStatus: Record<string, number>;
}

const FINAL = new Set(['succeeded', 'failed', 'invalid']);

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

/** Checks a final report against the sandbox state; returns the problems found (none = pass). */
export function checkRun(built: BuiltWorkbook, report: Report, state: SandboxState): Verdict {
  const problems: string[] = [];
  const byStatus: Record<string, number> = {};
  const rowsOf = (kind: SheetKind): ReportRow[] => report.rows.filter((r) => r.sheet === SHEET_NAMES[kind]);
  for (const r of report.rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const where = `${r.sheet}!${r.row}`;
    if (!FINAL.has(r.status)) problems.push(`${where}: not final (${r.status})`);
    if (r.status !== 'succeeded' && !r.messages.some((m) => m.level === 'error'))
      problems.push(`${where}: ${r.status} without a reason`);
  }
  if (report.rows.length !== built.total)
    problems.push(`report has ${report.rows.length} rows, the workbook ${built.total}`);

  // PBXs: at most one per subdomain of the workbook, and the report's id is the target's.
  const pbxBySub = countBy(state.ycm.pbxs, (p) => p.subDomain.toLowerCase());
  const pbxRows = rowsOf('pbx');
  built.rows.pbx.forEach((row, i) => {
    const sub = (row['subDomain'] ?? '').toLowerCase();
    const n = pbxBySub.get(sub) ?? 0;
    if (n > 1) problems.push(`PBX '${sub}' exists ${n} times`);
    const rep = pbxRows.find((r) => r.row === i + 2);
    if (rep?.status === 'succeeded') {
      const pbx = state.ycm.pbxs.find((p) => p.subDomain.toLowerCase() === sub);
      if (!pbx) problems.push(`PBX!${i + 2}: succeeded but '${sub}' is not in the target`);
      else if (rep.ids?.cloudPbxId !== String(pbx.cloudPbxId))
        problems.push(`PBX!${i + 2}: report id ${rep.ids?.cloudPbxId ?? '-'} != target ${pbx.cloudPbxId}`);
      const did = row['dids'];
      if (pbx && did && !hasDid(state, pbx.cloudPbxId, did))
        problems.push(`PBX!${i + 2}: inline DID ${did} not bound`);
    }
  });

  // DID rows: the DID is bound to the row's PBX.
  const didRows = rowsOf('did');
  built.rows.did.forEach((row, i) => {
    const rep = didRows.find((r) => r.row === i + 2);
    const pbx = state.ycm.pbxs.find((p) => p.subDomain === row['pbx.subDomain']);
    if (rep?.status === 'succeeded' && (!pbx || !hasDid(state, pbx.cloudPbxId, row['dids'] ?? '')))
      problems.push(`DID Bindings!${i + 2}: succeeded but ${row['dids'] ?? ''} is not bound`);
  });

  // Orders: at most one per PBX of the workbook (each order row names its own PBX).
  const ordersBySn = countBy(state.pp.orders, (o) => o.productNo);
  const expRows = rowsOf('expansion');
  built.rows.expansion.forEach((row, i) => {
    const rep = expRows.find((r) => r.row === i + 2);
    const pbx = state.ycm.pbxs.find((p) => p.subDomain === row['pbx.subDomain']);
    if (row['method'] === 'order') {
      const n = pbx ? (ordersBySn.get(pbx.sn) ?? 0) : 0;
      if (n > 1) problems.push(`Expansions!${i + 2}: ${n} orders for SN ${pbx?.sn ?? ''}`);
      if (rep?.status === 'succeeded') {
        const order = state.pp.orders.find((o) => o.productNo === pbx?.sn);
        if (!order) problems.push(`Expansions!${i + 2}: succeeded but no order in the target`);
        else if (rep.ids?.orderNo !== undefined && rep.ids.orderNo !== order.orderNo)
          problems.push(`Expansions!${i + 2}: report order ${rep.ids.orderNo} != target ${order.orderNo}`);
      }
    } else if (rep?.status === 'succeeded' && pbx?.recordingCapacity !== Number(row['recordingCapacity'])) {
      problems.push(`Expansions!${i + 2}: resize succeeded but capacity is ${pbx?.recordingCapacity ?? '-'}`);
    }
  });

  // Profiles: at most one per instance (the Kazoo account id).
  const profilesByInstance = countBy(state.mr.profiles, (p) => p.instanceId);
  const mrRows = rowsOf('myreports');
  built.rows.myreports.forEach((row, i) => {
    const instance = row['accountId'] ?? '';
    const n = profilesByInstance.get(instance) ?? 0;
    if (n > 1) problems.push(`MyReports!${i + 2}: ${n} profiles for instance ${instance}`);
    const rep = mrRows.find((r) => r.row === i + 2);
    if (rep?.status === 'succeeded') {
      const profile = state.mr.profiles.find((p) => p.instanceId === instance);
      if (!profile) problems.push(`MyReports!${i + 2}: succeeded but no profile in the target`);
      else if (rep.ids?.profileId !== profile.id)
        problems.push(
          `MyReports!${i + 2}: report profile ${rep.ids?.profileId ?? '-'} != target ${profile.id}`,
        );
    }
  });
  return { problems, byStatus };
}

function hasDid(state: SandboxState, cloudPbxId: number, number: string): boolean {
  const did = state.ycm.dids.find((d) => d.did === number.trim());
  const pbx = state.ycm.pbxs.find((p) => p.cloudPbxId === cloudPbxId);
  return Boolean(did && pbx?.trunkDidRelations.some((r) => r.didIds.includes(did.id)));
}
