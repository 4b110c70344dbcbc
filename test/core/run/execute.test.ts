import { describe, expect, it } from 'vitest';
import { RunController } from '../../../src/core/run/controller.ts';
import { executeRows, type RowOutcomeStatus } from '../../../src/core/run/execute.ts';

interface Row {
  key: string;
  phase: number;
  group: string;
  outcome?: RowOutcomeStatus;
}

function rows(n: number, phase = 0, group?: string): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `r${phase}-${i}`,
    phase,
    group: group ?? `g${phase}-${i}`,
  }));
}

describe('executeRows', () => {
  it('finishes every row of a phase before any row of the next phase starts', async () => {
    const order: string[] = [];
    const all = [...rows(3, 1), ...rows(3, 0)];
    await executeRows({
      rows: all,
      concurrency: 4,
      controller: new RunController(),
      runRow: async (r) => {
        order.push(`start ${r.key}`);
        await new Promise((res) => setTimeout(res, 5));
        order.push(`end ${r.key}`);
        return 'succeeded';
      },
    });
    const lastPhase0End = Math.max(...order.map((e, i) => (e.startsWith('end r0-') ? i : -1)));
    const firstPhase1Start = order.findIndex((e) => e.startsWith('start r1-'));
    expect(firstPhase1Start).toBeGreaterThan(lastPhase0End);
  });

  it('never runs two rows of one group at the same time', async () => {
    let inGroup = 0;
    let maxInGroup = 0;
    await executeRows({
      rows: rows(6, 0, 'pbx-42'),
      concurrency: 4,
      controller: new RunController(),
      runRow: async () => {
        inGroup++;
        maxInGroup = Math.max(maxInGroup, inGroup);
        await new Promise((res) => setTimeout(res, 2));
        inGroup--;
        return 'succeeded';
      },
    });
    expect(maxInGroup).toBe(1);
  });

  it('stops after N consecutive failures and starts no further row', async () => {
    let started = 0;
    const result = await executeRows({
      rows: rows(20),
      concurrency: 1,
      controller: new RunController(),
      stopAfterConsecutiveFailures: 3,
      runRow: async () => {
        started++;
        return 'failed';
      },
    });
    expect(result.stopped).toBe('threshold');
    expect(started).toBe(3);
  });

  it('pauses after the canary rows and stops when the user does not go on', async () => {
    let started = 0;
    const result = await executeRows({
      rows: rows(10),
      concurrency: 1,
      controller: new RunController(),
      canary: 2,
      onCanary: async () => false,
      runRow: async () => {
        started++;
        return 'succeeded';
      },
    });
    expect(result.stopped).toBe('canary');
    expect(started).toBe(2);
  });

  it('goes on past the canary when the user confirms', async () => {
    let started = 0;
    const result = await executeRows({
      rows: rows(10),
      concurrency: 2,
      controller: new RunController(),
      canary: 2,
      onCanary: async () => true,
      runRow: async () => {
        started++;
        return 'succeeded';
      },
    });
    expect(result.stopped).toBeUndefined();
    expect(started).toBe(10);
  });

  it('runs exactly the first N rows before asking, whatever the concurrency', async () => {
    const started: string[] = [];
    let startedAtQuestion: string[] = [];
    const result = await executeRows({
      rows: rows(8),
      concurrency: 4,
      controller: new RunController(),
      canary: 1,
      onCanary: async () => {
        startedAtQuestion = [...started];
        return false;
      },
      runRow: async (r) => {
        started.push(r.key);
        await new Promise((res) => setTimeout(res, 5));
        return 'succeeded';
      },
    });
    expect(startedAtQuestion).toEqual(['r0-0']);
    expect(started).toEqual(['r0-0']);
    expect(result).toEqual({
      stopped: 'canary',
      stopMessage: 'Canary: the first 1 row ran; the run paused there.',
      finished: 1,
    });
  });

  it('takes the canary rows in run order: phase first, then plan order, and keeps group order', async () => {
    const started: string[] = [];
    let startedAtQuestion: string[] = [];
    // Listed phase 1 first: the canary is still phase 0 first. a-0..a-2 share a group.
    const grouped = rows(3, 1, 'pbx-7').map((r, i) => ({ ...r, key: `a-${i}` }));
    const all = [...grouped, ...rows(2, 1), ...rows(2, 0)];
    const result = await executeRows({
      rows: all,
      concurrency: 4,
      controller: new RunController(),
      canary: 4,
      onCanary: async () => {
        startedAtQuestion = [...started];
        return true;
      },
      runRow: async (r) => {
        started.push(r.key);
        await new Promise((res) => setTimeout(res, 2));
        return 'succeeded';
      },
    });
    expect(startedAtQuestion.sort()).toEqual(['a-0', 'a-1', 'r0-0', 'r0-1']);
    expect(result.stopped).toBeUndefined();
    expect(started).toHaveLength(7);
    expect(started.filter((k) => k.startsWith('a-'))).toEqual(['a-0', 'a-1', 'a-2']);
  });

  it('does not ask when the canary covers every row', async () => {
    let asked = 0;
    const result = await executeRows({
      rows: rows(3),
      concurrency: 2,
      controller: new RunController(),
      canary: 3,
      onCanary: async () => ++asked > 0,
      runRow: async () => 'succeeded',
    });
    expect(asked).toBe(0);
    expect(result).toEqual({ finished: 3 });
  });

  it('lets in-flight rows finish on cancel and starts no new ones', async () => {
    const controller = new RunController();
    const finished: string[] = [];
    const result = await executeRows({
      rows: rows(10),
      concurrency: 2,
      controller,
      runRow: async (r) => {
        if (r.key === 'r0-1') controller.cancel();
        await new Promise((res) => setTimeout(res, 5));
        finished.push(r.key);
        return 'succeeded';
      },
    });
    expect(result.stopped).toBe('cancelled');
    expect(finished.sort()).toEqual(['r0-0', 'r0-1']);
  });
});
