/**
 * A sandbox state file with `count` Cloud PBXs besides the fixtures, for the export test and the
 * export benchmark: copies of the fixture PBX with their own id, name, subdomain and SN; every
 * other one with a DID bound (DIDs of one trunk, distinct per PBX). Written, not created through
 * the API, so building 1,000 PBXs costs nothing.
 */
import { writeFileSync } from 'node:fs';
import { createInitialState } from '../src/sandbox/fixtures.ts';

export function writeAccountState(file: string, count: number): { bound: number } {
  const state = createInitialState();
  const [model] = state.ycm.pbxs;
  if (!model) throw new Error('the sandbox fixtures have no PBX');
  const free = state.ycm.dids.filter(
    (d) => !state.ycm.pbxs.some((p) => p.trunkDidRelations.some((r) => r.didIds.includes(d.id))),
  );
  let bound = 0;
  for (let i = 0; i < count; i++) {
    const id = 50_000 + i;
    const did = i % 2 === 0 ? free[bound] : undefined;
    if (did) bound++;
    const trunkId = did?.trunkIds?.[0];
    state.ycm.pbxs.push({
      ...structuredClone(model),
      cloudPbxId: id,
      name: `Bench ${i}`,
      subDomain: `bench-${i}`,
      sn: `3658B43111${String(i).padStart(6, '0')}`,
      createTime: model.createTime + i + 1,
      trunkDidRelations: did && trunkId !== undefined ? [{ trunkId, didIds: [did.id] }] : [],
    });
  }
  writeFileSync(file, JSON.stringify(state));
  return { bound };
}
