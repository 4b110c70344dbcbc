import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostReply, HostRequest } from '../../src/electron/engine-messages.ts';

vi.mock('electron', () => import('./electron-mock.ts'));

const { utilityProcess } = await import('./electron-mock.ts');
const { startEngine } = await import('../../src/electron/engine-client.ts');

/** The engine process as main sees it: messages in, replies out, an exit. */
class FakeChild extends EventEmitter {
  readonly received: HostRequest[] = [];
  answer: ((m: HostRequest) => HostReply | undefined) | undefined;
  postMessage(m: HostRequest): void {
    this.received.push(m);
    const reply = this.answer?.(m);
    if (reply) queueMicrotask(() => this.emit('message', reply));
  }
  kill(): void {
    this.emit('exit', 0);
  }
}

let child: FakeChild;
beforeEach(() => {
  child = new FakeChild();
  utilityProcess.fork.mockReturnValue(child as never);
});

describe('main’s link to the engine process', () => {
  it('answers a call made after the engine process stopped at once, instead of never', async () => {
    const engine = startEngine('/app/engine-host.js', { env: {}, workDir: '/tmp/w' });
    child.emit('exit', 1);
    await expect(engine.call('getTargets', {})).rejects.toThrow(/engine process stopped; restart the app/);
    expect(child.received.filter((m) => m.type === 'call')).toEqual([]);
  });

  it('shutdown waits for the engine to stop its run, or gives up after its timeout', async () => {
    const engine = startEngine('/app/engine-host.js', { env: {}, workDir: '/tmp/w' });
    child.answer = (m) => (m.type === 'shutdown' ? { type: 'reply', id: m.id, result: null } : undefined);
    await engine.shutdown(60_000);
    expect(child.received.map((m) => m.type)).toEqual(['init', 'shutdown']);

    // An engine that never answers: shutdown still resolves (else the test times out).
    child.answer = undefined;
    await expect(engine.shutdown(50)).resolves.toBeUndefined();
  });
});
