/**
 * What the PBX and DID Bindings kinds resolve alike: a trunk and its DIDs, and a reference given
 * both by ID and by name that must agree (FACTS 1.8.O, 1.8.X).
 */
import { columnName } from '../validate/messages.ts';
import { keyOf, type Lookups } from './lookups.ts';
import { errorOn, type PlannedRow } from './planned.ts';

/**
 * A reference given both by ID and by name (`Region ID` 3 and `Region` "US East"): the ID is what
 * is sent, so a name that names something else means one of the two cells is wrong, and only the
 * user knows which. Names compare as lookups do (case and spacing ignored).
 */
export function mismatch(id: unknown, name: unknown, nameOfId: string): boolean {
  return (
    typeof id === 'number' &&
    typeof name === 'string' &&
    name.trim() !== '' &&
    keyOf(name) !== keyOf(nameOfId)
  );
}

export function bothGiven(
  idColumn: string,
  id: unknown,
  nameOfId: string,
  nameColumn: string,
  name: unknown,
): string {
  return `'${idColumn}' ${String(id)} is '${nameOfId}', but '${nameColumn}' says '${String(name)}': correct the one that is wrong, or clear one of them.`;
}

/**
 * The trunk (by ID or name) and its DIDs (by ID or number) of a PBX or DID Bindings row; each DID
 * must be carried by the trunk and free, or already bound to `targetPbxId` (FACTS 1.8.O, 1.8.X).
 */
export async function resolveTrunkAndDids(
  row: PlannedRow,
  lookups: Lookups,
  targetPbxId: number | undefined,
  requireFree = true,
): Promise<{ trunkId: number; didIds: number[] } | undefined> {
  const v = row.record.values;
  const col = (p: string): string => columnName(row.kind, p, row.record.headers);
  const trunks = await lookups.trunks();
  const trunk =
    typeof v['trunkId'] === 'number'
      ? trunks.find((t) => t.id === v['trunkId'])
      : trunks.find((t) => keyOf(t.name) === keyOf(String(v['trunk'] ?? '')));
  if (!trunk) {
    errorOn(
      row.report,
      col(v['trunkId'] !== undefined ? 'trunkId' : 'trunk'),
      `Unknown or unavailable shared trunk. Available: ${trunks.map((t) => t.name).join(', ') || 'none'}.`,
    );
    return undefined;
  }
  if (mismatch(v['trunkId'], v['trunk'], trunk.name)) {
    errorOn(
      row.report,
      col('trunk'),
      bothGiven(col('trunkId'), v['trunkId'], trunk.name, col('trunk'), v['trunk']),
    );
    return undefined;
  }
  const dids = await lookups.dids();
  const didIds: number[] = [];
  const problems: string[] = [];
  const numbers = Array.isArray(v['dids']) ? v['dids'].map(String) : [];
  const byId = Array.isArray(v['didIds']) ? v['didIds'].map(Number) : [];
  const entries = [
    ...numbers.map((n) => ({ label: n, did: dids.get(n.replace(/^\+/, '')) })),
    ...(await Promise.all(byId.map(async (id) => ({ label: `ID ${id}`, did: await lookups.didById(id) })))),
  ];
  for (const { label, did } of entries) {
    if (!did) problems.push(`${label} is not in YCM's DID list`);
    else if (!(did.trunkIds ?? []).includes(trunk.id))
      problems.push(`${label} is not carried by trunk ${trunk.name}`);
    else if (
      requireFree &&
      did.cloudPbxId !== null &&
      did.cloudPbxId !== undefined &&
      did.cloudPbxId !== '' &&
      Number(did.cloudPbxId) !== targetPbxId
    )
      problems.push(`${label} is already bound to PBX ${String(did.cloudPbxId)}`);
    else didIds.push(did.id);
  }
  if (problems.length) {
    errorOn(row.report, col(numbers.length ? 'dids' : 'didIds'), `${problems.join('; ')}.`);
    return undefined;
  }
  return { trunkId: trunk.id, didIds };
}
