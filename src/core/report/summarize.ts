/**
 * The human summary printed on stdout after validate, plan or run: counts, then the first errors
 * named by sheet, row and column as the user wrote them. Prints message texts only, never cell
 * values, and scrubs any secret values the caller knows of; a control character a message quotes
 * from a cell is printed as an escape (terminalSafe).
 */
import { ROW_STATUSES, type Report } from '../../shared/types.ts';
import { scrubText, terminalSafe } from '../util/cell-safety.ts';
import { groupMessages, groupPlace } from './message-groups.ts';

export interface SummarizeOptions {
  /** How many errors to list (default 10). */
  maxErrors?: number;
  /** Secret values to scrub from the messages, should one echo them. */
  secrets?: readonly string[];
  /** List the rows' warnings too, grouped like the errors (`--show-warnings`). */
  showWarnings?: boolean;
}

/** File-level messages listed at least (more when --max-errors asks for more). */
const MIN_FILE_MESSAGES = 10;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A few lines for a terminal: `120 rows: 117 valid, 3 invalid`, the error and warning counts,
 * file-level problems, then up to `maxErrors` causes of errors, each as
 * `Sheet "PBX" row 5, column "Admin password": message` or, when rows share it,
 * `20 rows, Sheet "PBX" column "Expiry" (rows 4, 5, 6, 7, 9 and 15 more): message`.
 */
export function summarizeReport(report: Report, opts: SummarizeOptions = {}): string {
  const maxErrors = opts.maxErrors ?? 10;
  const secrets = opts.secrets ?? [];
  const { summary } = report;
  const lines: string[] = [];
  const counts = ROW_STATUSES.filter((s) => (summary.byStatus[s] ?? 0) > 0).map(
    (s) => `${summary.byStatus[s] ?? 0} ${s}`,
  );
  const target = summary.target === undefined ? '' : ` against ${summary.target}`;
  lines.push(`${summary.file} (${summary.mode}${target})`);
  lines.push(`${plural(summary.total, 'row')}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`);
  const fileWarnings = summary.fileMessages.filter((m) => m.level === 'warning').length;
  lines.push(
    `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${fileWarnings > 0 ? ` (and ${plural(fileWarnings, 'warning')} about the file)` : ''}`,
  );

  // A problem on every row of a large file (a stray delimiter) would print 10,000 lines: the
  // first few show what it is, and the report has every one.
  const fileMessages = summary.fileMessages.slice(0, Math.max(maxErrors, MIN_FILE_MESSAGES));
  for (const message of fileMessages) {
    const where = [
      message.sheet === undefined ? undefined : `Sheet "${message.sheet}"`,
      message.column === undefined ? undefined : `column "${message.column}"`,
    ].filter((part) => part !== undefined);
    const prefix = where.length > 0 ? `${where.join(', ')}: ` : '';
    lines.push(`${message.level}: ${prefix}${scrubText(message.message, secrets)}`);
  }

  const more = summary.fileMessages.length - fileMessages.length;
  if (more > 0) lines.push(`... and ${more} more like these about the file (a --report lists them all)`);

  lines.push(...groupLines(report, 'error', maxErrors, secrets));
  if (opts.showWarnings) lines.push(...groupLines(report, 'warning', maxErrors, secrets));
  else if (summary.warnings > 0) lines.push('(--show-warnings lists the warnings)');
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

/** The messages of `level`, one line per cause: "Errors:" or "First 10 of 40 causes of 300 errors:". */
function groupLines(
  report: Report,
  level: 'error' | 'warning',
  max: number,
  secrets: readonly string[],
): string[] {
  const groups = groupMessages(report.rows, level);
  if (groups.length === 0) return [];
  const total = groups.reduce((sum, g) => sum + g.rows.length, 0);
  const word = level === 'error' ? 'errors' : 'warnings';
  const head =
    groups.length > max
      ? `First ${max} of ${groups.length} causes of ${total} ${word}:`
      : groups.length < total
        ? `${word[0]?.toUpperCase()}${word.slice(1)} (${total}, by cause):`
        : `${word[0]?.toUpperCase()}${word.slice(1)}:`;
  const shown = groups.slice(0, max).map((g) => {
    const code = g.code === undefined ? '' : ` [${g.code}]`;
    return `  ${groupPlace(g)}: ${scrubText(g.message, secrets)}${code}`;
  });
  return shown.length > 0 ? [head, ...shown] : [];
}
