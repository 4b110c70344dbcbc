/**
 * Near-name suggestions for columns the header matcher (map-headers.ts) did not recognise:
 * "Company name" → PBX name, "Extension count" → Extensions, "Subdomian" → Subdomain. Each
 * suggestion says how sure it is (0 to 1, and a word for people); nothing is mapped without the
 * user's say, so a wrong guess costs a click, never a wrong request.
 */
import type { SheetKind } from '../../shared/types.ts';
import { CATALOGUES } from '../schema/catalogue.ts';
import type { FieldDef } from '../schema/field.ts';
import { normalizeHeader } from './map-headers.ts';

export type Confidence = 'high' | 'medium' | 'low';

export interface Suggestion {
  field: string;
  label: string;
  /** 0 to 1: 1 is the same name; below LOW_SCORE nothing is suggested. */
  score: number;
  confidence: Confidence;
}

const HIGH_SCORE = 0.85;
const MEDIUM_SCORE = 0.65;
const LOW_SCORE = 0.5;

/** Words that say "how many" or "which" and nothing about the field itself. */
const FILLER = new Set([
  'count',
  'number',
  'no',
  'nr',
  'num',
  'of',
  'the',
  'qty',
  'quantity',
  'total',
  'amount',
]);

/** Words people write for the same thing; a synonym counts a little less than the word itself. */
const SYNONYMS: ReadonlyArray<readonly string[]> = [
  ['pbx', 'company', 'customer', 'client', 'tenant', 'organisation', 'organization', 'org', 'business'],
  ['extension', 'ext', 'seat', 'user', 'license', 'licence'],
  ['concurrent', 'simultaneous', 'parallel'],
  ['call', 'channel', 'line'],
  ['subdomain', 'hostname', 'host', 'prefix'],
  ['email', 'mail', 'e-mail'],
  ['password', 'pwd', 'pass'],
  ['username', 'login', 'user'],
  ['firmware', 'version'],
  ['region', 'location', 'datacenter', 'zone'],
  ['recording', 'record'],
  ['minute', 'min'],
  ['mobile', 'phone', 'cell'],
];
const SYNONYM_WEIGHT = 0.75;

/** Lower-case word stems: camelCase and dotted paths split, a plural "s" dropped, filler words left out. */
export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\((?:required|optional)\)/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !FILLER.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

function wordMatch(a: string, b: string): number {
  if (a === b) return 1;
  if (SYNONYMS.some((group) => group.includes(a) && group.includes(b))) return SYNONYM_WEIGHT;
  // A shortening ("ext" for extension, "conc" for concurrent) or a typo of one letter.
  if (a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a))) return 0.8;
  if (a.length >= 5 && b.length >= 5 && editDistance(a, b) === 1) return 0.8;
  return 0;
}

/** Dice-like overlap of two word lists, each word matched to its best counterpart. */
function wordScore(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const best = (from: readonly string[], to: readonly string[]): number =>
    from.reduce((sum, w) => sum + Math.max(...to.map((v) => wordMatch(w, v))), 0);
  return (best(a, b) + best(b, a)) / (a.length + b.length);
}

/** Edit distance where swapping two neighbouring letters counts as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      row[j] = v;
    }
  }
  return at(a.length, b.length);
}

/** How alike two whole names are as letters (typos, missing spaces): 1 − distance / length. */
function letterScore(a: string, b: string): number {
  const x = normalizeHeader(a);
  const y = normalizeHeader(b);
  if (x === '' || y === '') return 0;
  return 1 - editDistance(x, y) / Math.max(x.length, y.length);
}

/** The names a field is known by: its label, its path (and last segment) and its aliases. */
function namesOf(f: FieldDef): string[] {
  const last = f.path.split('.').at(-1) ?? f.path;
  return [f.label, f.path, last, ...(f.aliases ?? [])];
}

/** How close `header` is to `field`, 0 to 1. */
export function nameScore(header: string, f: FieldDef): number {
  const hw = words(header);
  let best = 0;
  for (const name of namesOf(f)) {
    best = Math.max(best, wordScore(hw, words(name)), letterScore(header, name));
  }
  return Math.round(best * 100) / 100;
}

export function confidenceOf(score: number): Confidence {
  return score >= HIGH_SCORE ? 'high' : score >= MEDIUM_SCORE ? 'medium' : 'low';
}

/**
 * The best field for each header, best first: fields in `taken` (filled by another column) are
 * not offered, and each field is suggested for one column only (the closest).
 */
export function suggestFields(
  kind: SheetKind,
  headers: readonly string[],
  taken: ReadonlySet<string> = new Set(),
): Map<number, Suggestion> {
  const candidates: Array<{ index: number; f: FieldDef; score: number }> = [];
  headers.forEach((header, index) => {
    if (header.trim() === '') return;
    for (const f of CATALOGUES[kind].fields) {
      if (taken.has(f.path)) continue;
      const score = nameScore(header, f);
      if (score >= LOW_SCORE) candidates.push({ index, f, score });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const out = new Map<number, Suggestion>();
  const used = new Set<string>();
  for (const c of candidates) {
    if (out.has(c.index) || used.has(c.f.path)) continue;
    used.add(c.f.path);
    out.set(c.index, {
      field: c.f.path,
      label: c.f.label,
      score: c.score,
      confidence: confidenceOf(c.score),
    });
  }
  return out;
}
