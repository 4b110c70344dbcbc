/**
 * The sandboxed preload can require only 'electron', so it cannot import BRIDGE_CALLS and keeps
 * its own list of verbs. This runs the preload as built (TypeScript to CommonJS) against a fake
 * electron and checks that list against the contract: every call exposed once, on its own channel,
 * and nothing else.
 */
import { readFile } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BRIDGE_CALLS, callChannel, eventChannel } from '../../src/shared/bridge.ts';

type Exposed = Record<string, (arg: unknown, listener?: unknown) => unknown>;

async function loadPreload(): Promise<{ api: Exposed; invoked: Array<[string, unknown]>; key: string }> {
  const source = await readFile(new URL('../../src/electron/preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const invoked: Array<[string, unknown]> = [];
  const exposed: { key: string; api: Exposed } = { key: '', api: {} };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Exposed) => Object.assign(exposed, { key, api }),
    },
    ipcRenderer: {
      invoke: (channel: string, args: unknown) => {
        invoked.push([channel, args]);
        return Promise.resolve({ result: channel });
      },
      on: (channel: string) => invoked.push([channel, 'on']),
      removeListener: () => undefined,
    },
  };
  const require = (name: string): unknown => {
    if (name !== 'electron') throw new Error(`the preload required '${name}'`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(outputText, { require, module, exports: module.exports });
  return { ...exposed, invoked };
}

describe('preload', () => {
  it('exposes exactly the bridge calls and on, each call on its own channel', async () => {
    const { api, invoked, key } = await loadPreload();
    expect(key).toBe('pbxBulk');
    expect(Object.keys(api).sort()).toEqual([...BRIDGE_CALLS, 'on'].sort());
    for (const call of BRIDGE_CALLS) {
      await expect(api[call]?.({ n: call })).resolves.toBe(callChannel(call));
    }
    expect(invoked).toEqual(BRIDGE_CALLS.map((call) => [callChannel(call), { n: call }]));
    api['on']?.('progress', () => undefined);
    expect(invoked.at(-1)).toEqual([eventChannel('progress'), 'on']);
  });
});
