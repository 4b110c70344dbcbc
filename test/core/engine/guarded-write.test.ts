/**
 * The guarded-write helper on its own (guarded-write.ts): each outcome of the never-twice protocol,
 * with a real YCM create against the sandbox over loopback and a real journal file. The create
 * body and subdomain come from a dry run of one PBX row, as the engine's own create does.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AmbiguousWriteError, ServerError } from '../../../src/api/index.ts';
import { planWorkbook } from '../../../src/core/engine/index.ts';
import { subDomainOf } from '../../../src/core/engine/lookups.ts';
import type { FaultSpec } from '../../../src/sandbox/server.ts';
import {
  guardedWrite,
  IDEMPOTENT,
  lostAnswer,
  UnknownOutcomeError,
  type Found,
  type GuardedWrite,
  type LookUpMoment,
  type WritePolicy,
} from '../../../src/core/engine/guarded-write.ts';
import { Journal, readJournal, type JournalEntry } from '../../../src/core/run/journal.ts';
import { readFileSync } from 'node:fs';
import { harness, pbxRow, pbxsWithSub, writeWorkbook, type Harness } from './engine-helpers.ts';

const CREATE = 'POST /dm/open_api/v1/cloud_pbx/instances';
const KEY = 'PBX!abc#0';

/** Three sends at most, an unclear answer being a lost one (the PBX create's own policy). */
const LOST: WritePolicy = { maxSends: 3, lookFirst: false, unclear: lostAnswer };

interface Setup {
  journal: Journal;
  journalFile: string;
  body: Record<string, unknown>;
  sub: string;
  looked: LookUpMoment[];
  write: (policy: WritePolicy, extra?: Partial<GuardedWrite<{ cloudPbxId: number }>>) => Promise<unknown>;
}

describe('guardedWrite', () => {
  let h: Harness;
  let journal: Journal | undefined;
  afterEach(async () => {
    journal?.close();
    journal = undefined;
    await h.close();
  });

  /** A sandbox (with `faults` on YCM's PBX paths), a journal and the create of one planned PBX row. */
  async function setup(faults: FaultSpec = {}): Promise<Setup> {
    h = await harness();
    const sub = 'guard-one';
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(60, sub)] });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const action = plan.rows[0]?.action;
    if (action?.type !== 'pbx')
      throw new Error(`the row did not plan a create: ${JSON.stringify(plan.report.rows)}`);
    h.sandbox.setFaults(faults); // after the dry run, which reads the same paths
    const journalFile = join(h.dir, 'j.jsonl');
    journal = Journal.open(journalFile);
    const j = journal;
    const ycm = h.clients.ycm;
    if (!ycm) throw new Error('no YCM client');
    const looked: LookUpMoment[] = [];
    const write: Setup['write'] = (policy, extra = {}) =>
      guardedWrite({
        journal: j,
        key: KEY,
        step: 'createPbx',
        policy,
        lookUp: async (moment): Promise<Found | undefined> => {
          looked.push(moment);
          const found = (await ycm.findAllCloudPbxs({ search: sub })).find((p) => subDomainOf(p) === sub);
          return found && { ids: { cloudPbxId: String(found.cloudPbxId) }, message: 'found; adopted' };
        },
        send: () => ycm.createCloudPbx(action.body),
        idsOf: (created) => ({ cloudPbxId: String(created.cloudPbxId) }),
        ...extra,
      });
    return { journal: j, journalFile, body: action.body, sub, looked, write };
  }

  /** The journal's entries for the step, as `begin` / `end:<outcome>`. */
  function entries(journalFile: string): string[] {
    return readFileSync(journalFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as JournalEntry)
      .flatMap((e) => (e.t === 'begin' ? ['begin'] : e.t === 'end' ? [`end:${e.outcome}`] : []));
  }

  const creates = (): number => h.sandbox.stats().byEndpoint[CREATE] ?? 0;

  it('done already: nothing is sent or looked up, and the recorded ids come back', async () => {
    const s = await setup();
    s.journal.begin(KEY, 'createPbx');
    s.journal.end(KEY, 'createPbx', 'succeeded', { ids: { cloudPbxId: '777' } });
    await expect(s.write(LOST)).resolves.toEqual({ cloudPbxId: '777' });
    expect(creates()).toBe(0);
    expect(s.looked).toEqual([]);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:succeeded']);
  });

  it('a clear answer: one send between begin and end, journalled succeeded with its ids', async () => {
    const s = await setup();
    const ids = (await s.write(LOST)) as { cloudPbxId: string };
    expect(pbxsWithSub(h.sandbox, s.sub).map((p) => String(p.cloudPbxId))).toEqual([ids.cloudPbxId]);
    expect(creates()).toBe(1);
    expect(s.looked).toEqual([]);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:succeeded']);
    expect(readJournal(s.journalFile).steps.size).toBe(1);
    expect(s.journal.isDone(KEY, 'createPbx')).toBe(true);
  });

  it('unclear and found: the reply was lost after the vendor applied it; adopted, never sent again', async () => {
    const s = await setup({ resetAfterCommit: 1, only: ['/v1/cloud_pbx/instances'] });
    const ids = (await s.write(LOST)) as { cloudPbxId: string };
    const made = pbxsWithSub(h.sandbox, s.sub);
    expect(made).toHaveLength(1);
    expect(ids).toEqual({ cloudPbxId: String(made[0]?.cloudPbxId) });
    expect(creates()).toBe(1);
    expect(s.looked).toEqual(['unclear']);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:unknown', 'end:adopted']);
  });

  it('unclear and not found: sent again up to the policy, then unknown with the call site message', async () => {
    // A 500 applies nothing; this policy takes it as unclear (as orders take a gateway's 5xx).
    const s = await setup({ error500: 1, only: ['/v1/cloud_pbx/instances'] });
    const policy: WritePolicy = { maxSends: 2, lookFirst: false, unclear: (e) => e instanceof ServerError };
    const error = await s
      .write(policy, { gaveUp: (e) => `gave up after ${(e as Error).name}` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect((error as Error).message).toBe('gave up after ServerError');
    expect(pbxsWithSub(h.sandbox, s.sub)).toHaveLength(0);
    expect(creates()).toBe(2);
    expect(s.looked).toEqual(['unclear', 'unclear']);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:unknown', 'begin', 'end:unknown']);
    expect(s.journal.isInterrupted(KEY, 'createPbx')).toBe(true);
  });

  it('a definite failure: journalled failed and thrown as is, nothing looked up or sent again', async () => {
    const s = await setup({ error500: 1, only: ['/v1/cloud_pbx/instances'] });
    await expect(s.write(LOST)).rejects.toBeInstanceOf(ServerError);
    expect(creates()).toBe(1);
    expect(s.looked).toEqual([]);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:failed']);
    expect(s.journal.isInterrupted(KEY, 'createPbx')).toBe(false);
    expect(s.journal.isDone(KEY, 'createPbx')).toBe(false);
  });

  it('an attempt a crash left open is looked up first, and adopted when it was applied', async () => {
    const s = await setup();
    // The crashed run: begin journalled, the create applied, no end.
    s.journal.begin(KEY, 'createPbx');
    await h.clients.ycm?.createCloudPbx(s.body);
    expect(s.journal.isInterrupted(KEY, 'createPbx')).toBe(true);
    await s.write(LOST);
    expect(s.looked).toEqual(['interrupted']);
    expect(creates()).toBe(1);
    expect(pbxsWithSub(h.sandbox, s.sub)).toHaveLength(1);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:adopted']);
  });

  it('a lookup that fails after an unclear send leaves the step unknown, never sent again', async () => {
    const s = await setup({ resetAfterCommit: 1, only: ['cloud_pbx/instances'] });
    const error = await s
      .write(LOST, { unchecked: (_check, sent) => `unchecked: ${(sent as Error).name}` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect((error as Error).message).toBe('unchecked: AmbiguousWriteError');
    expect(creates()).toBe(1);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:unknown']);
  });

  it('look first: a failed lookup before any send is a plain failure, nothing begun', async () => {
    const s = await setup({ error500: 1, only: ['/v2/cloud_pbx/instances'] });
    const policy: WritePolicy = { maxSends: 2, lookFirst: true, unclear: lostAnswer };
    await expect(s.write(policy)).rejects.toBeInstanceOf(ServerError);
    expect(s.looked).toEqual(['first']);
    expect(creates()).toBe(0);
    expect(readJournal(s.journalFile).steps.size).toBe(0);
  });

  it('beforeSend may refuse the write: nothing is begun or sent', async () => {
    const s = await setup();
    const refusal = new Error('a probable repeat');
    await expect(
      s.write(LOST, {
        beforeSend: () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(creates()).toBe(0);
    expect(readJournal(s.journalFile).steps.size).toBe(0);
  });

  it('settle ends the step itself, for a clear answer and for an adoption', async () => {
    const s = await setup({ resetAfterCommit: 1, only: ['/v1/cloud_pbx/instances'] });
    const settled: Array<{ found: boolean }> = [];
    await s.write(LOST, {
      settle: (ids, found) => {
        settled.push({ found: found !== undefined });
        s.journal.end(KEY, 'createPbx', 'pending', { ids });
        return Promise.resolve(ids);
      },
    });
    expect(settled).toEqual([{ found: true }]);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:unknown', 'end:pending']);
  });

  it('an idempotent write is never looked up: an unclear answer is a plain failure', async () => {
    const s = await setup({ resetAfterCommit: 1, only: ['/v1/cloud_pbx/instances'] });
    await expect(s.write(IDEMPOTENT)).rejects.toBeInstanceOf(AmbiguousWriteError);
    expect(s.looked).toEqual([]);
    expect(entries(s.journalFile)).toEqual(['begin', 'end:failed']);
  });
});
