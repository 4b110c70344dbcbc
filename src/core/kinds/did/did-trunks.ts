/**
 * Which trunk each DID a PBX keeps is bound on. The DID PUT replaces every binding (FACTS 1.8.O),
 * so kept DIDs are re-sent, but YCM lists a PBX's DIDs without their trunk (1.8.P). A DID carried
 * by one trunk is on that trunk; one carried by several is on the one of them assigned to the PBX
 * (1.8.Q). Anything else is refused: re-sending a binding under a guessed trunk could move it.
 * Used by the dry run (kinds/did/resolve.ts) and, on fresh reads, by the run (step.ts).
 */
import type { DidNumber } from '../../../api/index.ts';

/** A kept DID whose trunk cannot be told exactly. */
export class DidTrunkUnknownError extends Error {
  override readonly name = 'DidTrunkUnknownError';
  constructor(did: string, carriers: readonly number[], assigned: readonly number[]) {
    super(
      carriers.length === 0
        ? `${did} is bound to this PBX but is not in YCM's DID list, so the trunk it is on is unknown and the binding cannot be re-sent unchanged. Check the DID in YCM. Nothing was sent.`
        : assigned.length > 1
          ? `${did} is bound to this PBX and carried by trunks ${assigned.join(' and ')}, all assigned to it; YCM does not say which one it is bound on, so the binding cannot be re-sent unchanged. Bind it explicitly (a row with its trunk and this DID, mode 'add'), or use mode 'replace' with the complete list. Nothing was sent.`
          : `${did} is bound to this PBX, but none of its trunks (${carriers.join(', ')}) is assigned to it (FACTS 1.8.Q), so the binding cannot be re-sent unchanged. Check the PBX in YCM. Nothing was sent.`,
    );
  }
}

/**
 * The trunk of each kept DID, by DID id. `assignedTrunks` is called at most once, and only when
 * a DID has several carriers. Throws DidTrunkUnknownError for the first DID it cannot place.
 */
export async function keptDidTrunks(
  kept: readonly number[],
  didById: (id: number) => Promise<DidNumber | undefined>,
  assignedTrunks: () => Promise<number[]>,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let assigned: Promise<number[]> | undefined;
  for (const didId of kept) {
    const did = await didById(didId);
    const carriers = did?.trunkIds ?? [];
    const on =
      carriers.length === 1
        ? carriers
        : (await (assigned ??= assignedTrunks())).filter((t) => carriers.includes(t));
    const [trunkId, ...others] = on;
    if (trunkId === undefined || others.length > 0)
      throw new DidTrunkUnknownError(
        did?.did ? `DID ${did.did} (ID ${didId})` : `DID ID ${didId}`,
        carriers,
        on,
      );
    out.set(didId, trunkId);
  }
  return out;
}
