/**
 * Checks across rows and sheets (PRODUCT.md, Validate): duplicate subdomains (case-insensitive),
 * duplicate PBX names, the same DID twice, DID and expansion rows whose PBX is not in the
 * workbook, and expansions that would take a new PBX past 500 extensions (added up per PBX in
 * sheet order, whether a row names it by subdomain or by name). Memory is a few small maps, so it
 * streams with the rows; checks that need the whole workbook run in `finish`.
 */
import type { RowMessage } from '../../shared/types.ts';
import type { RowRecord } from '../model.ts';
import { KeyIndex } from './key-index.ts';
import { larger } from './typed-growth.ts';
import { columnName } from './messages.ts';

interface PendingRef {
  record: Pick<RowRecord, 'kind' | 'headers' | 'sheet' | 'row'>;
  messages: RowMessage[];
  subDomain?: string;
  name?: string;
  /** An order's extensions to add. */
  addExtensions?: number;
  /** A resize's new total of extensions. */
  setExtensions?: number;
}

export class CrossRowChecks {
  // The maps hold a row ordinal (a small integer) rather than an object per entry, and the
  // per-ordinal facts live in typed arrays: at 100k rows this is most of the per-row data validate
  // keeps, and typed arrays sit off the JS heap and cost the garbage collector nothing.
  private readonly subDomains = new KeyIndex(true);
  private readonly names = new KeyIndex(true);
  private readonly dids = new KeyIndex(false);
  private readonly pending: PendingRef[] = [];
  private readonly sheetNames: string[] = [];
  /** Per row ordinal: its sheet (index into sheetNames), row number and (PBX rows) extension capacity, NaN if none. */
  private sheets = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private extensions = new Float64Array(1024);
  private count = 0;

  /**
   * Adds one validated row; messages go onto `record.messages`, now or, when `pending`, possibly
   * in `finish`.
   */
  add(record: RowRecord): { pending: boolean } {
    if (record.kind === 'pbx') this.addPbx(record);
    if (record.kind === 'pbx' || (record.kind === 'did' && record.values['mode'] !== 'remove'))
      this.addDids(record);
    const pending = (record.kind === 'did' || record.kind === 'expansion') && this.addRef(record);
    return { pending };
  }

  /** This row's ordinal, shared by its subdomain, name and DID entries (each call on a row gives the same). */
  private ordinal(r: RowRecord): number {
    const last = this.count - 1;
    const sheet = this.sheetNames[this.sheetNames.length - 1] === r.sheet ? this.sheetNames.length - 1 : -1;
    if (last >= 0 && this.rows[last] === r.row && sheet >= 0 && this.sheets[last] === sheet) return last;
    if (this.count === this.rows.length) {
      this.sheets = larger(this.sheets);
      this.rows = larger(this.rows);
      this.extensions = larger(this.extensions);
    }
    if (sheet < 0) this.sheetNames.push(r.sheet);
    const here = this.count++;
    this.sheets[here] = this.sheetNames.length - 1;
    this.rows[here] = r.row;
    this.extensions[here] = Number.NaN;
    return here;
  }

  /** Whether `ordinal` is the row `r` itself. */
  private isRow(ordinal: number, r: RowRecord): boolean {
    return this.rows[ordinal] === r.row && this.sheetNames[this.sheets[ordinal] ?? -1] === r.sheet;
  }

  private where(ordinal: number): string {
    return `sheet '${this.sheetNames[this.sheets[ordinal] ?? 0] ?? ''}' row ${this.rows[ordinal] ?? 0}`;
  }

  private addPbx(r: RowRecord): void {
    const sub = r.values['subDomain'];
    const name = r.values['name'];
    if (typeof sub !== 'string' && typeof name !== 'string') return;
    const here = this.ordinal(r);
    const ext = r.values['extensionCapacity'];
    if (typeof ext === 'number') this.extensions[here] = ext;
    if (typeof sub === 'string') {
      const first = this.subDomains.firstOrAdd(sub, here);
      if (first !== undefined)
        push(
          r,
          'subDomain',
          `Duplicate subdomain '${sub}': ${this.where(first)} already uses it (subdomains are not case-sensitive).`,
        );
    }
    if (typeof name === 'string') {
      const first = this.names.firstOrAdd(name.trim(), here);
      if (first !== undefined)
        push(
          r,
          'name',
          `Duplicate PBX name '${name}': ${this.where(first)} already uses it. Give each PBX its own name.`,
        );
    }
  }

  private addDids(r: RowRecord): void {
    const numbers = r.values['dids'];
    if (!Array.isArray(numbers)) return;
    // A DID row that binds, to a PBX of this workbook, a DID that PBX's own row already lists asks
    // for what that row does: not a conflict (when the PBX sheet comes first, as in the template).
    const target = r.kind === 'did' ? this.workbookPbx(r) : undefined;
    for (const did of numbers) {
      const text = String(did);
      // '+12025550111' and '12025550111' are the same DID; keying on the '+' form allocates nothing
      // for the usual case.
      const key = text.charCodeAt(0) === 43 ? text : `+${text}`;
      const first = this.dids.firstOrAdd(key, this.ordinal(r));
      if (first === undefined || first === target) continue;
      push(
        r,
        'dids',
        this.isRow(first, r)
          ? `DID ${String(did)} is listed twice in this row; list each DID once.`
          : `DID ${String(did)} is also in ${this.where(first)}; a DID can be bound to one PBX only.`,
      );
    }
  }

  /** The ordinal of the workbook PBX row a DID or expansion row names, if it has been read. */
  private workbookPbx(r: RowRecord): number | undefined {
    const sub = r.values['pbx.subDomain'];
    const name = r.values['pbx.name'];
    if (typeof sub === 'string') return this.subDomains.get(sub);
    return typeof name === 'string' ? this.names.get(name.trim()) : undefined;
  }

  /** Keeps a DID or expansion row for `finish`; whether it did (the row names a PBX). */
  private addRef(r: RowRecord): boolean {
    const sub = r.values['pbx.subDomain'];
    const name = r.values['pbx.name'];
    if (typeof sub !== 'string' && typeof name !== 'string') return false;
    const ref: PendingRef = { record: r, messages: r.messages };
    if (typeof sub === 'string') ref.subDomain = sub;
    if (typeof name === 'string') ref.name = name;
    const resize = r.values['method'] === 'resize';
    const add = r.values['addExtensions'];
    if (typeof add === 'number' && !resize) ref.addExtensions = add;
    const set = r.values['extensionCapacity'];
    if (typeof set === 'number' && resize && r.kind === 'expansion') ref.setExtensions = set;
    this.pending.push(ref);
    return true;
  }

  /** Runs the checks that need every PBX row; call once after the last row. */
  finish(): void {
    // Extensions per PBX (its row ordinal) after the expansion rows so far, in sheet order: the
    // order a run applies them in. Keyed by the PBX row, not by the text of the reference, so rows
    // naming one PBX by subdomain and by name add up together.
    const totals = new Map<number, number>();
    for (const ref of this.pending) {
      const bySub = ref.subDomain !== undefined ? this.subDomains.get(ref.subDomain) : undefined;
      const byName = ref.name !== undefined ? this.names.get(ref.name.trim()) : undefined;
      if (bySub === undefined && byName === undefined) {
        const path = ref.subDomain !== undefined ? 'pbx.subDomain' : 'pbx.name';
        const label = ref.subDomain ?? ref.name ?? '';
        ref.messages.push({
          column: columnName(ref.record.kind, path, ref.record.headers),
          level: 'warning',
          message: `No PBX '${label}' in this workbook's PBX sheet; plan will look for an existing PBX with it.`,
        });
        continue;
      }
      // As plan resolves it: the subdomain first, then the name.
      const pbx = bySub ?? byName ?? 0;
      const label = (bySub !== undefined ? ref.subDomain : ref.name) ?? '';
      if (ref.setExtensions !== undefined) {
        totals.set(pbx, ref.setExtensions);
        continue;
      }
      const extensions = totals.get(pbx) ?? this.extensions[pbx] ?? Number.NaN;
      if (Number.isNaN(extensions) || ref.addExtensions === undefined) continue;
      const total = extensions + ref.addExtensions;
      totals.set(pbx, total);
      if (total > 500) {
        ref.messages.push({
          column: columnName(ref.record.kind, 'addExtensions', ref.record.headers),
          level: 'error',
          message: `This takes '${label}' to ${total} extensions; a Cloud PBX holds at most 500.`,
        });
      }
    }
  }
}

function push(r: RowRecord, path: string, message: string): void {
  r.messages.push({ column: columnName(r.kind, path, r.headers), level: 'error', message });
}
