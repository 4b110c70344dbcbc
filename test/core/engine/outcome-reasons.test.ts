/**
 * Typed outcomes (issue 19, item 4): every plan and run outcome message carries a reason code, and
 * the engine decides from error classes and codes, never from the text people read. Each check
 * below would fail if a decision fell back to the message or endpoint text.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AmbiguousWriteError } from '../../../src/api/index.ts';
import { planWorkbook, ycmCallCount } from '../../../src/core/engine/plan.ts';
import { PbxNotReadyError } from '../../../src/core/engine/readiness.ts';
import { reasonOf, runWorkbook, type RunResult } from '../../../src/core/engine/run.ts';
import { DependencySkipError, UnknownOutcomeError } from '../../../src/core/engine/step-context.ts';
import {
  OrderFailedError,
  PendingOrderError,
  RepeatOrderError,
} from '../../../src/core/kinds/expansion/order-step.ts';
import { RunController } from '../../../src/core/run/controller.ts';
import type { PlanCall, RowReason } from '../../../src/shared/types.ts';
import { harness, pbxRow, writeWorkbook, type Harness } from './engine-helpers.ts';

const CREATE_PBX = '/v1/cloud_pbx/instances';

function reasonsOf(result: Pick<RunResult, 'report'>, sheet: string, row: number): RowReason[] {
  const found = result.report.rows.find((r) => r.sheet === sheet && r.row === row);
  if (!found) throw new Error(`no row ${sheet}!${row}`);
  return found.messages.flatMap((m) => (m.reason ? [m.reason] : []));
}

describe('reasonOf: a step error gives its reason from its class', () => {
  it('whatever the message says', () => {
    const cases: Array<[Error, RowReason]> = [
      [new DependencySkipError('Anything at all.', 'dependency-not-created'), 'dependency-not-created'],
      [new DependencySkipError('Skipped: the PBX x was not created.', 'not-run'), 'not-run'],
      [new UnknownOutcomeError('Not run: reworded'), 'unknown-outcome'],
      [new PendingOrderError('Done.', {}), 'order-pending'],
      [new OrderFailedError('Pending.', {}), 'order-failed'],
      [new RepeatOrderError('Failed.'), 'repeat-order'],
      [new PbxNotReadyError(1, 'Creating', 'Not run: reworded'), 'pbx-not-ready'],
    ];
    for (const [error, reason] of cases) expect(reasonOf(error)).toBe(reason);
  });

  it('any other error is a failed step, even when its text reads like a skip or an unknown outcome', () => {
    expect(reasonOf(new Error('Not run: the run stopped first'))).toBe('step-failed');
    expect(reasonOf(new Error("Skipped: the PBX 'a' of this workbook was not created."))).toBe('step-failed');
    expect(
      reasonOf(
        new AmbiguousWriteError({ system: 'ycm', method: 'POST', path: '/x', detail: 'Not run: no answer' }),
      ),
    ).toBe('step-failed');
    expect(reasonOf('a string')).toBe('step-failed');
  });
});

describe('ycmCallCount: the pace comes from the calls to YCM, by system', () => {
  it('counts by the typed system, not by the label', () => {
    const calls: PlanCall[] = [
      { system: 'ycm', endpoint: 'POST /cloud_pbx/instances (create PBX)', count: 3 },
      { system: 'pp', endpoint: 'YCM-looking label of a PP call', count: 5 },
      { system: 'myreports', endpoint: 'MyReports POST (YCM id)', count: 7 },
      { system: 'ycm', endpoint: 'status', count: 2 },
    ];
    expect(ycmCallCount(calls)).toBe(5);
  });
});

describe('plan and run set reasons on their outcome messages', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('plan: every call has its system; a DID row of an invalid PBX row is dependency-invalid', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(81, 'reason-ok'), pbxRow(82, 'reason-bad', { firmware: '84.18.0.10' })],
      did: [
        { 'pbx.subDomain': 'reason-bad', trunk: 'US_Register_A1B2C3', dids: '+12025550191' },
        { 'pbx.subDomain': 'reason-ok', trunk: 'US_Register_A1B2C3', dids: '+12025550192' },
      ],
      expansion: [
        { 'pbx.subDomain': 'reason-ok', method: 'order', addExtensions: '5', billingCycle: 'monthly' },
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const prefix = { ycm: 'YCM ', pp: 'PP ', myreports: 'MyReports ' } as const;
    for (const call of plan.calls) expect(call.endpoint.startsWith(prefix[call.system])).toBe(true);
    expect(new Set(plan.calls.map((c) => c.system))).toEqual(new Set(['ycm', 'pp']));
    expect(reasonsOf(plan, 'DID Bindings', 2)).toEqual(['dependency-invalid']);
    expect(reasonsOf(plan, 'DID Bindings', 3)).toEqual([]);
  });

  it('run: rows a stop left are not-run; a re-run with the journal says done-before', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(83, 'reason-a'), pbxRow(84, 'reason-b')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const controller = new RunController();
    const stopped = await runWorkbook(
      { file },
      { clients: h.clients, journalFile, concurrency: 1, controller, onRow: () => controller.cancel() },
    );
    expect(reasonsOf(stopped, 'PBX', 3)).toEqual(['not-run']);
    const again = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(reasonsOf(again, 'PBX', 2)).toEqual(['done-before']);
    // Without the journal the PBXs are found in YCM.
    const fresh = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'k.jsonl') });
    expect(reasonsOf(fresh, 'PBX', 2)).toEqual(['already-exists']);
  });

  it('run: a failed PBX create fails its row (step-failed) and skips its DID row (dependency-not-created)', async () => {
    h = await harness({ faults: { error500: 1, only: [CREATE_PBX] } });
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(85, 'reason-fail')],
      did: [{ 'pbx.subDomain': 'reason-fail', trunk: 'US_Register_A1B2C3', dids: '+12025550195' }],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows.map((r) => r.status)).toEqual(['failed', 'skipped']);
    expect(reasonsOf(result, 'PBX', 2)).toEqual(['step-failed']);
    expect(reasonsOf(result, 'DID Bindings', 2)).toEqual(['dependency-not-created']);
  });
});
