/**
 * The trunk each DID bound to a PBX is on. YCM's DID list names the PBX (FACTS 1.8.X) but not the
 * trunk of the binding; a DID carried by one trunk is on that trunk, one carried by several is on
 * the one of them assigned to the PBX (FACTS 1.8.Q). Anything else is reported, never guessed
 * (the same rule as src/core/kinds/did/did-trunks.ts, which the run uses).
 */
import type { DidNumber } from '../../api/index.ts';

/** One trunk's DIDs on one PBX: a DID Bindings row. */
export interface AccountBinding {
  trunkId: number;
  /** The trunk's name, when the account's trunk list has it. */
  trunk?: string;
  dids: { id: number; did: string }[];
}

/** A bound DID whose trunk cannot be told. */
export interface UnplacedDid {
  id: number;
  did: string;
  reason: string;
}

/**
 * Groups `dids` (all bound to one PBX) by trunk. `assignedTrunks` is called at most once, and
 * only when a DID has several carriers.
 */
export async function placeDids(
  dids: readonly DidNumber[],
  trunkNames: ReadonlyMap<number, string>,
  assignedTrunks: () => Promise<number[]>,
): Promise<{ bindings: AccountBinding[]; unplaced: UnplacedDid[] }> {
  const byTrunk = new Map<number, AccountBinding>();
  const unplaced: UnplacedDid[] = [];
  let assigned: Promise<number[]> | undefined;
  for (const did of [...dids].sort((a, b) => a.id - b.id)) {
    const carriers = did.trunkIds ?? [];
    const on =
      carriers.length === 1
        ? carriers
        : (await (assigned ??= assignedTrunks())).filter((t) => carriers.includes(t));
    const [trunkId, ...others] = on;
    if (trunkId === undefined || others.length > 0) {
      unplaced.push({
        id: did.id,
        did: did.did,
        reason:
          carriers.length === 0
            ? 'YCM lists no trunk for it'
            : `carried by trunks ${carriers.join(', ')}, ${on.length === 0 ? 'none' : 'several'} of them assigned to the PBX`,
      });
      continue;
    }
    const binding = byTrunk.get(trunkId) ?? { trunkId, ...trunkName(trunkNames, trunkId), dids: [] };
    binding.dids.push({ id: did.id, did: did.did });
    byTrunk.set(trunkId, binding);
  }
  return { bindings: [...byTrunk.values()].sort((a, b) => a.trunkId - b.trunkId), unplaced };
}

function trunkName(names: ReadonlyMap<number, string>, id: number): { trunk?: string } {
  const name = names.get(id);
  return name === undefined ? {} : { trunk: name };
}
