/**
 * Checks across rows and sheets (PRODUCT.md, Validate): duplicate subdomains (case-insensitive),
 * duplicate PBX names, the same DID twice, DID and expansion rows whose PBX is not in the
 * workbook, and expansions that would take a new PBX past 500 extensions. Memory is a few small
 * maps, so it streams with the rows; checks that need the whole workbook run in `finish`.
 */
import type { RowMessage } from '../../shared/types.ts';
import type { RowRecord } from '../model.ts';
import { columnName } from './messages.ts';

interface Seen {
  sheet: string;
  row: number;
}

interface PendingRef {
  record: Pick<RowRecord, 'kind' | 'headers' | 'sheet' | 'row'>;
  messages: RowMessage[];
  subDomain?: string;
  name?: string;
  addExtensions?: number;
}

const where = (s: Seen): string => `sheet '${s.sheet}' row ${s.row}`;

export class CrossRowChecks {
  private readonly subDomains = new Map<string, Seen & { extensions?: number }>();
  private readonly names = new Map<string, Seen>();
  private readonly dids = new Map<string, Seen>();
  private readonly pending: PendingRef[] = [];

  /** Adds one validated row; messages go onto `record.messages`. */
  add(record: RowRecord): void {
    if (record.kind === 'pbx') this.addPbx(record);
    if (record.kind === 'pbx' || (record.kind === 'did' && record.values['mode'] !== 'remove'))
      this.addDids(record);
    if (record.kind === 'did' || record.kind === 'expansion') this.addRef(record);
  }

  private seen?: Seen;
  /** One Seen per row, shared by its subdomain, name and DID entries. */
  private lastSeen(r: RowRecord): Seen {
    if (!this.seen || this.seen.row !== r.row || this.seen.sheet !== r.sheet)
      this.seen = { sheet: r.sheet, row: r.row };
    return this.seen;
  }

  private addPbx(r: RowRecord): void {
    const here = this.lastSeen(r);
    const sub = r.values['subDomain'];
    if (typeof sub === 'string') {
      const key = sub.toLowerCase();
      const first = this.subDomains.get(key);
      if (first)
        push(
          r,
          'subDomain',
          `Duplicate subdomain '${sub}': ${where(first)} already uses it (subdomains are not case-sensitive).`,
        );
      else {
        const ext = r.values['extensionCapacity'];
        this.subDomains.set(
          key,
          typeof ext === 'number' ? { sheet: here.sheet, row: here.row, extensions: ext } : here,
        );
      }
    }
    const name = r.values['name'];
    if (typeof name === 'string') {
      const key = name.trim().toLowerCase();
      const first = this.names.get(key);
      if (first)
        push(
          r,
          'name',
          `Duplicate PBX name '${name}': ${where(first)} already uses it. Give each PBX its own name.`,
        );
      else this.names.set(key, here);
    }
  }

  private addDids(r: RowRecord): void {
    const numbers = r.values['dids'];
    if (!Array.isArray(numbers)) return;
    for (const did of numbers) {
      const text = String(did);
      const key = text.charCodeAt(0) === 43 ? text.slice(1) : text;
      const first = this.dids.get(key);
      if (first && !(first.sheet === r.sheet && first.row === r.row)) {
        push(r, 'dids', `DID ${String(did)} is also in ${where(first)}; a DID can be bound to one PBX only.`);
      } else if (!first) this.dids.set(key, { sheet: r.sheet, row: r.row });
    }
  }

  private addRef(r: RowRecord): void {
    const sub = r.values['pbx.subDomain'];
    const name = r.values['pbx.name'];
    if (typeof sub !== 'string' && typeof name !== 'string') return;
    const ref: PendingRef = { record: r, messages: r.messages };
    if (typeof sub === 'string') ref.subDomain = sub;
    if (typeof name === 'string') ref.name = name;
    const add = r.values['addExtensions'];
    if (typeof add === 'number' && r.values['method'] !== 'resize') ref.addExtensions = add;
    this.pending.push(ref);
  }

  /** Runs the checks that need every PBX row; call once after the last row. */
  finish(): void {
    const totals = new Map<string, number>();
    for (const ref of this.pending) {
      const key = ref.subDomain?.toLowerCase();
      const bySub = key !== undefined ? this.subDomains.get(key) : undefined;
      const byName = ref.name !== undefined ? this.names.get(ref.name.trim().toLowerCase()) : undefined;
      if (!bySub && !byName) {
        const path = ref.subDomain !== undefined ? 'pbx.subDomain' : 'pbx.name';
        const label = ref.subDomain ?? ref.name ?? '';
        ref.messages.push({
          column: columnName(ref.record.kind, path, ref.record.headers),
          level: 'warning',
          message: `No PBX '${label}' in this workbook's PBX sheet; plan will look for an existing PBX with it.`,
        });
        continue;
      }
      if (bySub?.extensions !== undefined && key !== undefined && ref.addExtensions !== undefined) {
        const total = (totals.get(key) ?? bySub.extensions) + ref.addExtensions;
        totals.set(key, total);
        if (total > 500) {
          ref.messages.push({
            column: columnName(ref.record.kind, 'addExtensions', ref.record.headers),
            level: 'error',
            message: `This takes '${ref.subDomain ?? ''}' to ${total} extensions; a Cloud PBX holds at most 500.`,
          });
        }
      }
    }
  }
}

function push(r: RowRecord, path: string, message: string): void {
  r.messages.push({ column: columnName(r.kind, path, r.headers), level: 'error', message });
}
