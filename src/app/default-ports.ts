/**
 * The real engine behind a UI session: the lead's validateFile, the reports helper's writeReport,
 * the field catalogue, and the clients for connection tests. Plan and run are wired in
 * engine-port.ts once the engine's planWorkbook/runWorkbook exist.
 */
import { createClients } from '../api/targets.ts';
import { CATALOGUES } from '../core/schema/catalogue.ts';
import { writeReport } from '../core/report/write-report.ts';
import { validateFile } from '../core/validate/validate-file.ts';
import type { ConnectionCheck, SystemName } from '../shared/bridge.ts';
import type { EnginePort, SessionPorts } from './ports.ts';
import type { TargetConfig } from './targets.ts';

/** Checks each configured system with one cheap authenticated read. */
export async function testTarget(target: TargetConfig): Promise<ConnectionCheck> {
  // A connection test answers within seconds: rate-limit replies are waited out for 30 s at most,
  // not the 15 minutes a run's request may wait.
  const quick = { backoff: { rateLimitWaitMs: 30_000 } };
  const clients = createClients(target.live, { ycm: quick, pp: quick, myreports: quick });
  const probes: Array<[SystemName, (() => Promise<unknown>) | undefined]> = [
    ['ycm', clients.ycm && (() => clients.ycm?.regions() ?? Promise.resolve())],
    ['pp', clients.pp && (() => clients.pp?.billingContacts() ?? Promise.resolve())],
    [
      'myreports',
      clients.myreports && (() => clients.myreports?.listCustomers({ pageSize: 1 }) ?? Promise.resolve()),
    ],
  ];
  const systems = await Promise.all(
    probes.map(async ([system, probe]) => {
      if (!probe) return { system, ok: false, message: 'not configured' };
      try {
        await probe();
        return { system, ok: true, message: 'signed in and answered' };
      } catch (err) {
        return { system, ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  return {
    target: target.id,
    ok: systems.some((s) => s.ok) && systems.every((s) => s.ok || s.message === 'not configured'),
    systems,
  };
}

/** Ports for a session, with `engine` when plan/run are available. */
export function defaultPorts(engine?: EnginePort | undefined): SessionPorts {
  return {
    validateFile: (file, opts) => validateFile(file, opts),
    writeReport: async (out, report, source) => {
      await writeReport(out, report, source);
    },
    listFields: (kind) => CATALOGUES[kind].fields.map((f) => f.path),
    testConnection: testTarget,
    ...(engine ? { engine } : {}),
  };
}
