/**
 * Checks across rows and sheets (PRODUCT.md, Validate): duplicate subdomains (case-insensitive),
 * duplicate PBX names, the same DID (number or ID) twice, the same MyReports instance on two rows,
 * DID and expansion rows whose PBX is not in the workbook, expansions that would take a new PBX
 * past 500 extensions (added up per PBX in sheet order, whether a row names it by subdomain or by
 * name), and resizes that would lower a new PBX's recording minutes (FACTS 1.8.K). Memory is a few small maps, so it
 * streams with the rows; checks that need the whole workbook run in `finish`.
 */
import type { RowMessage } from '../../shared/types.ts';
import type { RowRecord } from '../model.ts';
import { FIRMWARE_GATES, supports } from '../../api/firmware.ts';
import { KeyIndex } from './key-index.ts';
import { larger } from './typed-growth.ts';
import { columnName } from './messages.ts';
import { kindModule } from '../kinds/registry.ts';

interface PendingRef {
  record: Pick<RowRecord, 'kind' | 'headers' | 'sheet' | 'row'>;
  messages: RowMessage[];
  /** A DID Bindings row (else a capacity change). */
  binding: boolean;
  subDomain?: string;
  name?: string;
  /** An order's extensions to add. */
  addExtensions?: number;
  /** A resize's new total of extensions. */
  setExtensions?: number;
  /** An order's recording minutes to add. */
  addRecording?: number;
  /** A resize's new recording minutes. */
  setRecording?: number;
  /** A resize that sets extra transcription minutes (firmware-gated). */
  transcription?: boolean;
}

export class CrossRowChecks {
  // The maps hold a row ordinal (a small integer) rather than an object per entry, and the
  // per-ordinal facts live in typed arrays: at 100k rows this is most of the per-row data validate
  // keeps, and typed arrays sit off the JS heap and cost the garbage collector nothing.
  private readonly subDomains = new KeyIndex(true);
  private readonly names = new KeyIndex(true);
  private readonly dids = new KeyIndex(false);
  /** MyReports instances: a Kazoo account ID or a 3CX licence key belongs to one profile (FACTS 3.4.3). */
  private readonly instances = new KeyIndex(true);
  private readonly pending: PendingRef[] = [];
  /** DID rows' references to their PBX, by row ordinal: a PBX row read after them binds the same DIDs. */
  private readonly didTargets = new Map<number, PendingRef>();
  /** A DID on two DID rows: settled in `finish`, when every PBX row has been read. */
  private readonly twice: Array<{
    earlier: PendingRef;
    mine: PendingRef;
    first: number;
    label: string;
    path: 'dids' | 'didIds';
  }> = [];
  /** PBX rows whose firmware is older than some gate (FIRMWARE_GATES): ordinal → firmware. */
  private readonly oldFirmware = new Map<number, string>();
  private readonly firmwareAge = new Map<string, boolean>();
  private readonly sheetNames: string[] = [];
  /** Per row ordinal: its sheet (index into sheetNames), row number and (PBX rows) extension capacity, NaN if none. */
  private sheets = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private extensions = new Float64Array(1024);
  private recording = new Float64Array(1024);
  private count = 0;

  /**
   * Adds one validated row; messages go onto `record.messages`, now or, when `pending`, possibly
   * in `finish`.
   */
  add(record: RowRecord): { pending: boolean } {
    // Each kind says which of the checks below its rows join (kinds/<kind>/index.ts `cross`).
    return { pending: kindModule(record.kind).cross.add(this, record) };
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
      this.recording = larger(this.recording);
    }
    if (sheet < 0) this.sheetNames.push(r.sheet);
    const here = this.count++;
    this.sheets[here] = this.sheetNames.length - 1;
    this.rows[here] = r.row;
    this.extensions[here] = Number.NaN;
    this.recording[here] = Number.NaN;
    return here;
  }

  /** Whether a firmware is older than a gate checked here; a sheet names a few, over many rows. */
  private isOldFirmware(firmware: string): boolean {
    let old = this.firmwareAge.get(firmware);
    if (old === undefined) {
      old = !(supports(firmware, 'didBinding') && supports(firmware, 'transcription'));
      if (this.firmwareAge.size < 256) this.firmwareAge.set(firmware, old);
    }
    return old;
  }

  private where(ordinal: number): string {
    return `sheet '${this.sheetNames[this.sheets[ordinal] ?? 0] ?? ''}' row ${this.rows[ordinal] ?? 0}`;
  }

  /** A PBX row: its subdomain and name are unique, its capacities and firmware noted. */
  addPbx(r: RowRecord): void {
    const sub = r.values['subDomain'];
    const name = r.values['name'];
    if (typeof sub !== 'string' && typeof name !== 'string') return;
    const here = this.ordinal(r);
    const ext = r.values['extensionCapacity'];
    if (typeof ext === 'number') this.extensions[here] = ext;
    const recording = r.values['recordingCapacity'];
    if (typeof recording === 'number') this.recording[here] = recording;
    const firmware = r.values['firmware'];
    if (typeof firmware === 'string' && this.isOldFirmware(firmware)) this.oldFirmware.set(here, firmware);
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

  /**
   * The DIDs a row claims: each DID is bound to one PBX. `binding`: a DID Bindings row, whose DIDs
   * may repeat what its PBX's own row (or another row for that PBX) binds; else a PBX row's.
   */
  addDids(r: RowRecord, binding: boolean): void {
    const numbers = r.values['dids'];
    const ids = r.values['didIds'];
    if (!Array.isArray(numbers) && !Array.isArray(ids)) return;
    // A DID row that binds, to a PBX of this workbook, a DID that PBX's own row already lists asks
    // for what that row does: not a conflict (when the PBX sheet comes first, as in the template).
    const target = binding ? this.workbookPbx(r) : undefined;
    const here = this.ordinal(r);
    const last = this.pending[this.pending.length - 1];
    const mine = binding && last?.record === r ? last : undefined;
    if (mine) this.didTargets.set(here, mine);
    const check = (key: string, label: string, path: 'dids' | 'didIds'): void => {
      const first = this.dids.firstOrAdd(key, here);
      if (first === undefined || first === target) return;
      if (first === here) {
        push(r, path, `${label} is listed twice in this row; list each DID once.`);
        return;
      }
      const earlier = this.didTargets.get(first);
      if (earlier && mine) {
        // Two DID rows: whether they name one PBX (by subdomain and by name, say) is known once
        // every PBX row has been read.
        this.twice.push({ earlier, mine, first, label, path });
        return;
      }
      // A DID row read before this PBX's own row asked for the same binding: not a conflict.
      if (earlier && !binding && this.pbxOf(earlier.subDomain, earlier.name) === here) return;
      push(r, path, `${label} is also in ${this.where(first)}; a DID can be bound to one PBX only.`);
    };
    for (const did of Array.isArray(numbers) ? numbers : []) {
      const text = String(did);
      // '+12025550111' and '12025550111' are the same DID; keying on the '+' form allocates nothing
      // for the usual case.
      check(text.charCodeAt(0) === 43 ? text : `+${text}`, `DID ${text}`, 'dids');
    }
    // IDs cannot be told from numbers offline (plan resolves them): keyed apart, checked among themselves.
    for (const id of Array.isArray(ids) ? ids : [])
      check(`id:${String(id)}`, `DID ID ${String(id)}`, 'didIds');
  }

  /** The workbook PBX row (ordinal) a subdomain or name names, if it has been read. */
  private pbxOf(sub: unknown, name: unknown): number | undefined {
    if (typeof sub === 'string') {
      const bySub = this.subDomains.get(sub);
      if (bySub !== undefined) return bySub;
    }
    return typeof name === 'string' ? this.names.get(name.trim()) : undefined;
  }

  /** A MyReports row's instance (Kazoo account ID or 3CX licence key): one profile each. */
  addInstance(r: RowRecord): void {
    const type = r.values['_type'];
    if (type !== 'KazooPbxConnectionProfile' && type !== 'ThreeCxConnectionProfile') return;
    const kazoo = type === 'KazooPbxConnectionProfile';
    const path = kazoo ? 'accountId' : 'licenseKey';
    const instance = r.values[path];
    if (typeof instance !== 'string' || instance.trim() === '') return;
    const first = this.instances.firstOrAdd(`${path}:${instance.trim()}`, this.ordinal(r));
    if (first === undefined) return;
    // The licence key is not quoted: it is close to a secret.
    push(
      r,
      path,
      `${kazoo ? `Kazoo account '${instance.trim()}'` : 'This 3CX licence key'} is also in ${this.where(first)}: a PBX instance has one MyReports profile, for one customer. Keep one of the rows.`,
    );
  }

  /** The ordinal of the workbook PBX row a DID or expansion row names, if it has been read. */
  private workbookPbx(r: RowRecord): number | undefined {
    const sub = r.values['pbx.subDomain'];
    const name = r.values['pbx.name'];
    if (typeof sub === 'string') return this.subDomains.get(sub);
    return typeof name === 'string' ? this.names.get(name.trim()) : undefined;
  }

  /**
   * Keeps a row that names a PBX (`pbx.*`) for `finish`; whether it did. `binding`: a DID Bindings
   * row (its PBX's firmware must bind DIDs); else a capacity change (orders add, resizes set).
   */
  addRef(r: RowRecord, binding: boolean): boolean {
    const sub = r.values['pbx.subDomain'];
    const name = r.values['pbx.name'];
    if (typeof sub !== 'string' && typeof name !== 'string') return false;
    const ref: PendingRef = { record: r, messages: r.messages, binding };
    if (typeof sub === 'string') ref.subDomain = sub;
    if (typeof name === 'string') ref.name = name;
    const resize = r.values['method'] === 'resize';
    const add = r.values['addExtensions'];
    if (typeof add === 'number' && !resize) ref.addExtensions = add;
    const set = r.values['extensionCapacity'];
    if (typeof set === 'number' && resize && !binding) ref.setExtensions = set;
    const addRecording = r.values['addRecordingMinutes'];
    if (typeof addRecording === 'number' && !resize) ref.addRecording = addRecording;
    const setRecording = r.values['recordingCapacity'];
    if (typeof setRecording === 'number' && resize && !binding) ref.setRecording = setRecording;
    const transcription = r.values['transcriptionCapacity'];
    if (typeof transcription === 'number' && transcription > 0 && resize) ref.transcription = true;
    this.pending.push(ref);
    return true;
  }

  /**
   * A resize may not lower a PBX's recording minutes (FACTS 1.8.K): checked against the workbook
   * PBX's own minutes plus the orders and resizes before it in sheet order (`minutes`, per PBX).
   */
  private checkRecording(ref: PendingRef, pbx: number, label: string, minutes: Map<number, number>): void {
    const current = minutes.get(pbx) ?? this.recording[pbx] ?? Number.NaN;
    if (ref.addRecording !== undefined && !Number.isNaN(current))
      minutes.set(pbx, current + ref.addRecording);
    if (ref.setRecording === undefined) return;
    if (!Number.isNaN(current) && ref.setRecording < current) {
      ref.messages.push({
        column: columnName(ref.record.kind, 'recordingCapacity', ref.record.headers),
        level: 'error',
        message: `This lowers '${label}' from ${current} to ${ref.setRecording} recording minutes; a resize cannot lower them. Give ${current} or more.`,
      });
      return;
    }
    minutes.set(pbx, ref.setRecording);
  }

  /**
   * A DID binding or extra transcription minutes for a PBX of the workbook whose firmware is older
   * than the feature: a warning, as on the PBX row itself (plan decides with the real firmware).
   */
  private checkFirmware(ref: PendingRef, pbx: number, label: string): void {
    const firmware = this.oldFirmware.get(pbx);
    if (firmware === undefined) return;
    const [path, feature] = ref.binding
      ? ([
          ref.record.headers['dids'] !== undefined
            ? 'dids'
            : ref.record.headers['didIds'] !== undefined
              ? 'didIds'
              : 'mode',
          'didBinding',
        ] as const)
      : ref.transcription
        ? (['transcriptionCapacity', 'transcription'] as const)
        : [undefined, undefined];
    if (!path || supports(firmware, feature)) return;
    ref.messages.push({
      column: columnName(ref.record.kind, path, ref.record.headers),
      level: 'warning',
      message: `'${label}' is created with firmware ${firmware}; this needs ${FIRMWARE_GATES[feature]} or later and does not take effect before it.`,
    });
  }

  /** Runs the checks that need every PBX row; call once after the last row. */
  finish(): void {
    for (const { earlier, mine, first, label, path } of this.twice) {
      const a = this.pbxOf(earlier.subDomain, earlier.name);
      const b = this.pbxOf(mine.subDomain, mine.name);
      const same = a !== undefined && b !== undefined ? a === b : sameReference(earlier, mine);
      mine.messages.push({
        column: columnName(mine.record.kind, path, mine.record.headers),
        level: same ? 'warning' : 'error',
        message: same
          ? `${label} is already bound to this PBX by ${this.where(first)}; list it once.`
          : `${label} is also in ${this.where(first)}; a DID can be bound to one PBX only.`,
      });
    }
    // Extensions per PBX (its row ordinal) after the expansion rows so far, in sheet order: the
    // order a run applies them in. Keyed by the PBX row, not by the text of the reference, so rows
    // naming one PBX by subdomain and by name add up together.
    const totals = new Map<number, number>();
    const recording = new Map<number, number>();
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
      if (bySub !== undefined && byName !== undefined && bySub !== byName) {
        // Two PBXs of the workbook: the subdomain would win (as plan resolves it), silently.
        ref.messages.push({
          column: columnName(ref.record.kind, 'pbx.name', ref.record.headers),
          level: 'error',
          message: `PBX subdomain '${ref.subDomain ?? ''}' is the PBX of ${this.where(bySub)}, but PBX name '${ref.name ?? ''}' is the PBX of ${this.where(byName)}: correct the one that is wrong, or clear one of them.`,
        });
        continue;
      }
      // As plan resolves it: the subdomain first, then the name.
      const pbx = bySub ?? byName ?? 0;
      const label = (bySub !== undefined ? ref.subDomain : ref.name) ?? '';
      this.checkRecording(ref, pbx, label, recording);
      this.checkFirmware(ref, pbx, label);
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

/** Whether two DID rows' references are the same text (for PBXs that are not in the workbook). */
function sameReference(a: PendingRef, b: PendingRef): boolean {
  if (a.subDomain !== undefined && b.subDomain !== undefined)
    return a.subDomain.toLowerCase() === b.subDomain.toLowerCase();
  if (a.name !== undefined && b.name !== undefined)
    return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
  return false;
}

function push(r: RowRecord, path: string, message: string, level: 'error' | 'warning' = 'error'): void {
  r.messages.push({ column: columnName(r.kind, path, r.headers), level, message });
}
