/**
 * Fault injection for non-token calls: HTTP 500 (nothing applied), connection reset after the write
 * was applied (the case that makes blind retries dangerous), a reply delayed past the client's
 * timeout (also applied), and a success reply stripped of its `data` and Location header (applied;
 * issue 15 item 7: a create reply without its id). Draws come from a seeded PRNG so a failing test can be replayed.
 */
export interface FaultSpec {
  /** Probability (0–1) of an HTTP 500 without applying the request. */
  error500?: number;
  /** Probability of applying the request, then destroying the socket without a reply. */
  resetAfterCommit?: number;
  /** Probability of applying the request, then replying only after `timeoutMs`. */
  timeout?: number;
  /** Probability of applying the request, then answering success without `data` or Location. */
  noData?: number;
  /** Delay of a `timeout` fault (default 30 000 ms). */
  timeoutMs?: number;
  seed?: number;
  /** Only paths containing one of these substrings get faults (all paths when absent). */
  only?: string[];
}

export type FaultKind = 'error500' | 'resetAfterCommit' | 'timeout' | 'noData';
const KINDS = ['error500', 'resetAfterCommit', 'timeout', 'noData'] as const satisfies FaultKind[];

/** mulberry32: small, fast, good enough to make fault sequences reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, per request, whether and which fault to inject. */
export class FaultInjector {
  private spec: FaultSpec = {};
  private random: () => number = mulberry32(1);
  readonly counts: Record<FaultKind, number> = { error500: 0, resetAfterCommit: 0, timeout: 0, noData: 0 };

  constructor(spec: FaultSpec | undefined) {
    this.set(spec ?? {});
  }

  /** Replaces the spec and reseeds the PRNG. */
  set(spec: FaultSpec): void {
    this.spec = { ...spec };
    this.random = mulberry32(spec.seed ?? 1);
  }

  /** Delay of a timeout fault. */
  get timeoutMs(): number {
    return this.spec.timeoutMs ?? 30_000;
  }

  /** One draw: the fault to inject on this path, or null. */
  decide(path: string): FaultKind | null {
    const s = this.spec;
    if (!KINDS.some((kind) => s[kind])) return null;
    if (s.only && s.only.length > 0 && !s.only.some((p) => path.includes(p))) return null;
    const r = this.random();
    let edge = 0;
    for (const kind of KINDS) {
      edge += s[kind] ?? 0;
      if (r < edge) {
        this.counts[kind]++;
        return kind;
      }
    }
    return null;
  }
}

/**
 * Parses the CLI's --faults SPEC: either JSON (`{"error500":0.1}`) or `key=value` pairs separated
 * by commas, with `only` paths separated by `|` (e.g. `resetAfterCommit=0.2,seed=7,only=/cloud_pbx|/order`).
 */
export function parseFaultSpec(text: string): FaultSpec {
  if (text.trim().startsWith('{')) return JSON.parse(text) as FaultSpec;
  const spec: FaultSpec = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [key, value = ''] = pair.split('=', 2).map((s) => s.trim()) as [string, string?];
    if (key === 'only') {
      spec.only = value.split('|').filter(Boolean);
      continue;
    }
    const n = Number(value);
    if (!Number.isFinite(n) || value === '')
      throw new Error(`--faults: '${key}' needs a number, got '${value}'`);
    if ((KINDS as readonly string[]).includes(key)) {
      if (n < 0 || n > 1) throw new Error(`--faults: '${key}' is a probability between 0 and 1`);
      spec[key as FaultKind] = n;
    } else if (key === 'timeoutMs' || key === 'seed') spec[key] = n;
    else
      throw new Error(
        `--faults: unknown key '${key}' (error500, resetAfterCommit, timeout, noData, timeoutMs, seed, only)`,
      );
  }
  return spec;
}
