/**
 * The Map and Review screens' calls on the engine side (the Map screen's details, map-details.ts), and the grid's edits: single cells, pasted blocks, fill down, fixing a
 * fixed-value column's case and spacing, find and replace, and undo/redo over all of them. Old
 * values stay here, never sent to the window (a secret's undo restores it without showing it).
 * Every step re-validates the rows it touched, then the cross-row checks once (row-checks.ts).
 */
import type { BridgeCallMap, GridRow, SheetCounts } from '../shared/bridge.ts';
import type { CellEdit, EditResult, HistoryState, MapDetails } from '../shared/grid-types.ts';
import { mapDetails } from './map-details.ts';
import type { CellType } from '../core/model.ts';
import { looseOption } from '../core/map/field-info.ts';
import { revalidateRows, type RowChecks } from './row-checks.ts';
import { SessionError } from './session-error.ts';
import { viewIndexes } from './row-view.ts';
import {
  columnField,
  countsOf,
  gridRow,
  secretColumns,
  shownCells,
  type SheetState,
  type WorkbookState,
} from './workbook-state.ts';
import { fieldOptions } from '../core/map/field-info.ts';

/** What the session lends the editor. */
export interface EditHost {
  workbook(): WorkbookState;
  sheet(name: string): SheetState;
  /** Throws while a run goes (a run reads the cells). */
  assertIdle(): void;
  /** Cells changed: the working copy and the plan are stale. */
  touched(): void;
  /** What the last full validation kept for re-validating one row (row-checks.ts), if anything. */
  rowChecks(): RowChecks | undefined;
  revalidateAll(): Promise<void>;
}

interface CellChange {
  index: number;
  col: number;
  before: string;
  after: string;
  beforeType: CellType | undefined;
}

interface Step {
  sheet: string;
  label: string;
  changes: CellChange[];
}

const MAX_PAGE = 2000;
const MAX_STEPS = 100;

export class SheetEdits {
  private undos: Step[] = [];
  private redos: Step[] = [];
  private owner: WorkbookState | undefined;
  /** Cells edited since the workbook was opened, per sheet ("index:col"): the corrected sheet's. */
  private readonly touchedCells = new Map<string, Set<string>>();

  constructor(private readonly host: EditHost) {}

  /** The workbook, with the history dropped when another one was opened since. */
  private workbook(): WorkbookState {
    const w = this.host.workbook();
    if (w !== this.owner) {
      this.owner = w;
      this.undos = [];
      this.redos = [];
      this.touchedCells.clear();
    }
    return w;
  }

  /** Cells edited in a sheet, as [index, col] pairs. */
  editedCells(sheet: string): Array<[number, number]> {
    this.workbook();
    return [...(this.touchedCells.get(sheet) ?? [])].map((k) => k.split(':').map(Number) as [number, number]);
  }

  /** The Map screen's samples, suggestions and missing fields (map-details.ts). */
  async mapDetails(args: { sheet: string }): Promise<MapDetails> {
    return mapDetails(this.host.sheet(args.sheet));
  }

  history(): HistoryState {
    this.workbook();
    const undo = this.undos.at(-1);
    const redo = this.redos.at(-1);
    return { ...(undo && { undo: undo.label }), ...(redo && { redo: redo.label }) };
  }

  async getRows(args: BridgeCallMap['getRows']['args']): Promise<BridgeCallMap['getRows']['result']> {
    this.workbook();
    const sheet = this.host.sheet(args.sheet);
    const count = Math.max(0, Math.min(MAX_PAGE, args.count));
    const indexes = viewIndexes(sheet, args);
    const total = indexes ? indexes.length : sheet.rows.length;
    const rows: GridRow[] = [];
    const secret = secretColumns(sheet);
    for (let i = Math.max(0, args.start); i < Math.min(total, args.start + count); i++) {
      const r = gridRow(sheet, indexes ? (indexes[i] ?? -1) : i, secret);
      if (r) rows.push(r);
    }
    return { sheet: sheet.name, total, start: args.start, rows };
  }

  async updateCell(
    args: BridgeCallMap['updateCell']['args'],
  ): Promise<{ row: GridRow; counts: SheetCounts }> {
    const sheet = this.host.sheet(args.sheet);
    await this.step(sheet, `edit of ${sheet.headers[args.col] ?? 'a cell'}`, [args], true);
    const row = gridRow(sheet, args.index);
    if (!row) throw new SessionError('The row disappeared while re-validating.');
    return { row, counts: countsOf(sheet) };
  }

  async editCells(args: BridgeCallMap['editCells']['args']): Promise<EditResult> {
    const sheet = this.host.sheet(args.sheet);
    const label = args.label ?? (args.edits.length === 1 ? 'edit' : `paste of ${args.edits.length} cells`);
    return this.result(sheet, await this.step(sheet, label, args.edits));
  }

  async fillDown(args: BridgeCallMap['fillDown']['args']): Promise<EditResult> {
    const sheet = this.host.sheet(args.sheet);
    const [first, ...rest] = args.indexes;
    const from = first === undefined ? undefined : sheet.rows[first];
    if (!from) throw new SessionError('Select the cells to fill: the first one gives the value.');
    const text = from.cells[args.col] ?? '';
    const edits = rest.map((index) => ({ index, col: args.col, text }));
    return this.result(sheet, await this.step(sheet, `fill down of ${rest.length} cells`, edits));
  }

  async fixColumn(args: BridgeCallMap['fixColumn']['args']): Promise<EditResult> {
    const sheet = this.host.sheet(args.sheet);
    const field = columnField(sheet, args.col);
    const options = field === null ? undefined : fieldOptions(sheet.kind, field);
    const header = sheet.headers[args.col] ?? '';
    if (!options) throw new SessionError(`Column '${header}' has no fixed list of values to fix against.`);
    const edits: CellEdit[] = [];
    sheet.rows.forEach((src, index) => {
      const fixed = looseOption(src.cells[args.col] ?? '', options);
      if (fixed !== undefined) edits.push({ index, col: args.col, text: fixed });
    });
    return this.result(sheet, await this.step(sheet, `fix of ${edits.length} '${header}' cells`, edits));
  }

  async replaceAll(args: BridgeCallMap['replaceAll']['args']): Promise<EditResult> {
    const sheet = this.host.sheet(args.sheet);
    if (args.find === '') throw new SessionError('Type the text to find.');
    const secret = secretColumns(sheet);
    if (args.col !== undefined && secret[args.col])
      throw new SessionError('Secret columns are not searched: their values never reach this window.');
    const escaped = args.find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(escaped, args.matchCase ? 'g' : 'gi');
    const edits: CellEdit[] = [];
    sheet.rows.forEach((src, index) => {
      const shown = shownCells(sheet, src, secret);
      sheet.headers.forEach((_, col) => {
        if (secret[col] || (args.col !== undefined && col !== args.col)) return;
        const text = shown(col);
        // A cell showing a masked secret is left alone: replacing in the mask would write the mask.
        if (text !== (src.cells[col] ?? '') || !pattern.test(text)) return;
        pattern.lastIndex = 0;
        edits.push({ index, col, text: text.replace(pattern, args.replace) });
      });
    });
    return this.result(
      sheet,
      await this.step(sheet, `replace of '${args.find}' (${edits.length} cells)`, edits),
    );
  }

  async undo(): Promise<EditResult> {
    return this.travel(this.undos, this.redos, 'undo');
  }

  async redo(): Promise<EditResult> {
    return this.travel(this.redos, this.undos, 'redo');
  }

  private async travel(from: Step[], to: Step[], what: 'undo' | 'redo'): Promise<EditResult> {
    this.host.assertIdle();
    this.workbook();
    const step = from.pop();
    if (!step) throw new SessionError(`There is nothing to ${what}.`);
    const sheet = this.host.sheet(step.sheet);
    const changes = what === 'undo' ? [...step.changes].reverse() : step.changes;
    for (const c of changes) {
      const src = sheet.rows[c.index];
      if (!src) continue;
      src.cells[c.col] = what === 'undo' ? c.before : c.after;
      if (src.types) {
        if (what === 'undo' && c.beforeType !== undefined) src.types[c.col] = c.beforeType;
        else src.types[c.col] = 'string';
      }
    }
    to.push(step);
    await this.settle(sheet, step.changes);
    return this.result(sheet, step.changes.length);
  }

  /** Applies edits as one step of history; returns how many cells changed. */
  private async step(
    sheet: SheetState,
    label: string,
    edits: readonly CellEdit[],
    always = false,
  ): Promise<number> {
    this.host.assertIdle();
    this.workbook();
    const changes: CellChange[] = [];
    for (const e of edits) {
      const src = sheet.rows[e.index];
      if (!src || e.col < 0 || e.col >= sheet.headers.length) {
        throw new SessionError(`There is no cell at row ${e.index + 1}, column ${e.col + 1}.`);
      }
      const current = src.cells[e.col] ?? '';
      // What the window was shown is not a new value: a masked secret stays when the mask comes back.
      if (e.text === current || e.text === shownCells(sheet, src)(e.col)) continue;
      while (src.cells.length < sheet.headers.length) src.cells.push('');
      changes.push({
        index: e.index,
        col: e.col,
        before: current,
        after: e.text,
        beforeType: src.types?.[e.col],
      });
      src.cells[e.col] = e.text;
      if (src.types) src.types[e.col] = 'string';
    }
    if (changes.length > 0) {
      this.undos.push({ sheet: sheet.name, label, changes });
      if (this.undos.length > MAX_STEPS) this.undos.shift();
      this.redos = [];
    }
    // A single-cell edit re-validates its row even unchanged (the grid shows the row it gets back).
    if (changes.length > 0 || always) {
      await this.settle(sheet, always ? edits.map((e) => ({ index: e.index, col: e.col })) : changes);
    }
    return changes.length;
  }

  private async settle(
    sheet: SheetState,
    changes: ReadonlyArray<{ index: number; col: number }>,
  ): Promise<void> {
    let cells = this.touchedCells.get(sheet.name);
    if (!cells) this.touchedCells.set(sheet.name, (cells = new Set()));
    for (const c of changes) cells.add(`${c.index}:${c.col}`);
    this.host.touched();
    const rows = [...new Set(changes.map((c) => c.index))];
    const checks = this.host.rowChecks();
    if (!checks) return this.host.revalidateAll();
    revalidateRows(this.host.workbook(), checks, sheet, rows);
  }

  private result(sheet: SheetState, changed: number): EditResult {
    return { sheet: sheet.name, changed, counts: countsOf(sheet), history: this.history() };
  }
}
