import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkJournalTarget,
  isStepDone,
  isStepInterrupted,
  Journal,
  journalRowKeys,
  journalStep,
  journalSteps,
  JournalTargetError,
  JournalWriteError,
  legacyRowKey,
  readJournal,
  rowKey,
} from '../../../src/core/run/journal.ts';
import { targetIdentity } from '../../../src/api/targets.ts';

function tempJournal(): string {
  return join(mkdtempSync(join(tmpdir(), 'journal-')), 'run.jsonl');
}

describe('run journal', () => {
  it('records begun and finished steps durably, one JSON line each', () => {
    const path = tempJournal();
    const j = Journal.open(path);
    j.append({ t: 'run', v: 1, file: 'a.xlsx', fileHash: 'h', target: 'sandbox', startedAt: 'now' });
    j.begin('PBX!2', 'createPbx');
    j.end('PBX!2', 'createPbx', 'succeeded', { ids: { cloudPbxId: '42' } });
    j.begin('PBX!3', 'createPbx');
    j.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    const state = readJournal(path);
    expect(state.header?.fileHash).toBe('h');
    expect(journalStep(state, 'PBX!2', 'createPbx')).toMatchObject({
      outcome: 'succeeded',
      ids: { cloudPbxId: '42' },
    });
    // Begun but never finished: the outcome is open and must be checked before any retry.
    expect(journalStep(state, 'PBX!3', 'createPbx')).toEqual({ begun: true });
  });

  it('answers done, interrupted, its steps and row keys itself; callers never read its key format', () => {
    const path = tempJournal();
    const j = Journal.open(path);
    const a = rowKey('PBX', 'h1', 0);
    const b = rowKey('PBX', 'h1', 1);
    const old = legacyRowKey('DID', 7, 'h2');
    expect(new Set([a, b, old]).size).toBe(3);
    j.begin(a, 'createPbx');
    j.end(a, 'createPbx', 'succeeded', { ids: { cloudPbxId: '1' } });
    j.begin(b, 'createPbx'); // a crash: no end
    j.begin(old, 'bindDids');
    j.end(old, 'bindDids', 'unknown', { message: 'reply lost' });
    j.begin(a, 'order');
    j.end(a, 'order', 'pending', { ids: { orderNo: 'SO-1' } });
    j.close();
    const state = readJournal(path);
    expect([isStepDone(state, a, 'createPbx'), isStepInterrupted(state, a, 'createPbx')]).toEqual([
      true,
      false,
    ]);
    expect([isStepDone(state, b, 'createPbx'), isStepInterrupted(state, b, 'createPbx')]).toEqual([
      false,
      true,
    ]);
    expect([isStepDone(state, old, 'bindDids'), isStepInterrupted(state, old, 'bindDids')]).toEqual([
      false,
      true,
    ]);
    // Pending: placed and not final, neither done nor open (it is checked, never placed again).
    expect([isStepDone(state, a, 'order'), isStepInterrupted(state, a, 'order')]).toEqual([false, false]);
    expect(isStepDone(state, a, 'resize')).toBe(false);
    expect(journalSteps(state).map((s) => `${s.key} ${s.step}`)).toEqual([
      `${a} createPbx`,
      `${b} createPbx`,
      `${old} bindDids`,
      `${a} order`,
    ]);
    expect(journalRowKeys(state)).toEqual(new Set([a, b, old]));
    const reopened = Journal.open(path);
    expect(reopened.doneIds(a, 'createPbx')).toEqual({ cloudPbxId: '1' });
    expect(reopened.doneIds(b, 'createPbx')).toBeUndefined();
    reopened.close();
  });

  it('keeps the first run entry as the header and the latest, with its read options, as lastRun', () => {
    const path = tempJournal();
    const j = Journal.open(path);
    const run = {
      t: 'run',
      v: 1,
      file: 'a.xlsx',
      fileHash: 'h1',
      target: 'sandbox',
      startedAt: '1',
    } as const;
    j.append(run);
    j.append({ ...run, fileHash: 'h2', startedAt: '2', validate: { sheet: 'PBX', delimiter: ';' } });
    j.close();
    const state = readJournal(path);
    expect(state.header?.fileHash).toBe('h1');
    expect(state.lastRun).toMatchObject({ fileHash: 'h2', validate: { sheet: 'PBX', delimiter: ';' } });
  });

  it('keeps every whole entry when the last line was torn by a crash', () => {
    const path = tempJournal();
    const j = Journal.open(path);
    j.begin('PBX!2', 'createPbx');
    j.end('PBX!2', 'createPbx', 'succeeded', { ids: { cloudPbxId: '42' } });
    j.close();
    appendFileSync(path, '{"t":"end","key":"PBX!3","st');
    const state = readJournal(path);
    expect(state.skippedLines).toBe(1);
    expect(journalStep(state, 'PBX!2', 'createPbx')?.outcome).toBe('succeeded');
    expect(journalStep(state, 'PBX!3', 'createPbx')).toBeUndefined();
  });

  it('reopens an existing journal and continues appending after its entries', () => {
    const path = tempJournal();
    writeFileSync(path, `${JSON.stringify({ t: 'begin', key: 'K', step: 'order', at: 'x' })}\n`);
    const j = Journal.open(path);
    expect(j.step('K', 'order')).toEqual({ begun: true });
    j.end('K', 'order', 'adopted', { ids: { orderNo: 'SO-1' } });
    j.close();
    expect(journalStep(readJournal(path), 'K', 'order')).toMatchObject({
      outcome: 'adopted',
      ids: { orderNo: 'SO-1' },
    });
  });

  it('stops with a clear JournalWriteError when the journal cannot be written', () => {
    // /dev/full accepts the open but every write fails with ENOSPC: the disk-full case.
    const j = Journal.open('/dev/full');
    expect(() => j.begin('PBX!2', 'createPbx')).toThrowError(JournalWriteError);
    expect(() => j.begin('PBX!2', 'createPbx')).toThrowError(/ENOSPC/);
    j.close();
  });

  it('a journal belongs to its accounts; one written before targets named them is still its hosts’', () => {
    const live = (clientId: string): string =>
      targetIdentity({
        kind: 'live',
        ycm: { baseUrl: 'https://ycm.example', clientId, clientSecret: 's' },
        pp: { baseUrl: 'https://pp.example', clientId: 'pp-1', clientSecret: 's' },
      });
    const journalOf = (target: string): ReturnType<typeof readJournal> => {
      const path = tempJournal();
      const j = Journal.open(path);
      j.append({ t: 'run', v: 1, file: 'a.xlsx', fileHash: 'h', target, startedAt: 'now' });
      j.close();
      return readJournal(path);
    };
    expect(() => checkJournalTarget('j', journalOf(live('acct-a')), live('acct-a'))).not.toThrow();
    expect(() => checkJournalTarget('j', journalOf(live('acct-a')), live('acct-b'))).toThrow(
      JournalTargetError,
    );
    // Written before 2026-12-03: the CLI's hosts, the desktop app's label.
    const old = journalOf('LIVE https://ycm.example, https://pp.example');
    expect(() => checkJournalTarget('j', old, live('acct-b'))).not.toThrow();
    const otherHosts = journalOf('LIVE https://ycm.example');
    expect(() => checkJournalTarget('j', otherHosts, live('acct-b'))).toThrow(JournalTargetError);
    expect(() =>
      checkJournalTarget('j', journalOf('Live (entered in Connect)'), live('acct-b')),
    ).not.toThrow();
    expect(() => checkJournalTarget('j', journalOf('SANDBOX (local simulator)'), live('acct-b'))).toThrow(
      JournalTargetError,
    );
  });
});
