/**
 * Row messages grouped by cause: the same message on the same sheet and column, however many rows
 * have it ("20 rows: '31/12/2027' is not a date"), in the order the rows come. The summary prints
 * a group as one line naming its first rows; the report still has every row's own message.
 */
import type { MessageLevel, ReportRow } from '../../shared/types.ts';
import { sortReportRows } from './report-layout.ts';

export interface MessageGroup {
  sheet: string;
  column?: string;
  level: MessageLevel;
  message: string;
  code?: string;
  /** The rows with this message, in order. */
  rows: number[];
}

/**
 * What may differ between the messages of one cause: a quoted value, an e-mail address, a number
 * ("No YCM customer has the email it7@acme.example" on 300 rows is one cause, not 300).
 */
const VARYING = /'[^']*'|"[^"]*"|[^\s'"(),;]+@[^\s'"(),;]*[^\s'"(),;.]|\d+(?:[.,:/-]\d+)*/g;
/** Distinct values named after a cause's text, before "and N more". */
const VALUES_NAMED = 3;

/** A group while it is gathered: its messages' varying parts, one list per distinct message. */
interface Gathering extends MessageGroup {
  variants: Map<string, string[]>;
}

/**
 * The messages of `level` on `rows`, one group per sheet, column, cause and vendor code. A cause
 * is the message with its values taken out; where they differ, the group's text says so once:
 * "No YCM customer has the email … (it1@a.example, it2@a.example, it3@a.example and 297 more)".
 */
export function groupMessages(rows: readonly ReportRow[], level: MessageLevel): MessageGroup[] {
  const groups = new Map<string, Gathering>();
  for (const row of sortReportRows(rows)) {
    for (const m of row.messages) {
      if (m.level !== level) continue;
      const cause = m.message.replace(VARYING, '\u0000');
      const key = JSON.stringify([row.sheet, m.column ?? null, cause, m.code ?? null]);
      const group = groups.get(key);
      if (group) {
        if (group.rows.at(-1) !== row.row) group.rows.push(row.row);
        if (!group.variants.has(m.message)) group.variants.set(m.message, m.message.match(VARYING) ?? []);
        continue;
      }
      groups.set(key, {
        sheet: row.sheet,
        level,
        message: m.message,
        rows: [row.row],
        variants: new Map([[m.message, m.message.match(VARYING) ?? []]]),
        ...(m.column !== undefined && { column: m.column }),
        ...(m.code !== undefined && { code: m.code }),
      });
    }
  }
  return [...groups.values()].map(({ variants, ...group }) =>
    variants.size > 1 ? { ...group, message: causeText(group.message, [...variants.values()]) } : group,
  );
}

/** A cause's text: the first message with each part that differs between its messages as "…", then the values. */
function causeText(first: string, variants: readonly string[][]): string {
  const differs = (i: number): boolean => variants.some((v) => v[i] !== variants[0]?.[i]);
  let at = 0;
  const text = first.replace(VARYING, (part) => (differs(at++) ? '…' : part));
  const shown = variants.slice(0, VALUES_NAMED).map((v) => v.filter((_, i) => differs(i)).join(' '));
  const more = variants.length - shown.length;
  return `${text} (${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}

/** Rows named in a group's line before "and N more". */
const ROWS_NAMED = 5;

/** Where a group is: `Sheet "PBX" row 5, column "Plan"` or `20 rows, Sheet "PBX" column "Expiry" (rows 4, 5, 6, 7, 9 and 15 more)`. */
export function groupPlace(group: MessageGroup): string {
  const column = group.column === undefined ? '' : `column "${group.column}"`;
  if (group.rows.length === 1) {
    return `Sheet "${group.sheet}" row ${group.rows[0] ?? ''}${column ? `, ${column}` : ''}`;
  }
  const named = group.rows.slice(0, ROWS_NAMED).join(', ');
  const more = group.rows.length - ROWS_NAMED;
  const rows = more > 0 ? `rows ${named} and ${more} more` : `rows ${named}`;
  return `${group.rows.length} rows, Sheet "${group.sheet}"${column ? ` ${column}` : ''} (${rows})`;
}
