/**
 * The `validate` suite (issue 2 "Must show", issue 6 item 5): validate's time and peak RSS next to
 * a bare exceljs streaming read / bare csv-parse of the same generated file, in the same run, as
 * ratios. Targets: time ratio <= 1.5; validate's peak RSS <= 400 MB at 100k rows and not growing
 * with the row count.
 */
import { benchSheet, type BenchFormat } from './generate.ts';
import { measureTask, type TaskFigures } from './measure.ts';
import { formatTable, type Suite } from './suite.ts';

/** Targets from issue 2. */
export const TARGETS = { timeRatio: 1.5, rssMbAt100k: 400, rssGrowthRatio: 1.25 } as const;

export interface ValidateFigure {
  rows: number;
  format: BenchFormat;
  bare: TaskFigures;
  /** The product's reader alone (no checks), to compare with the bare reader. */
  read: TaskFigures;
  validate: TaskFigures;
  /** read.ms / bare.ms */
  readRatio: number;
  timeRatio: number;
  cpuRatio: number;
  rssRatio: number;
}

export interface ValidateSuiteOptions {
  sizes: readonly number[];
  formats?: readonly BenchFormat[];
  repeats?: number;
  log?: (line: string) => void;
}

const mb = (v: number): string => `${Math.round(v)} MB`;
/** A difference in MB with its sign: `+41 MB`, `-29 MB` (the xlsx reader alone keeps more than validate). */
const signedMb = (v: number): string => `${v < 0 ? '-' : '+'}${mb(Math.abs(v))}`;
const sec = (ms: number): string =>
  ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
const mark = (ok: boolean): string => (ok ? 'ok' : 'MISS');

/** Peak RSS growth from the smallest to the largest size, per format: validate's, the bare reader's,
 * and validate's RSS above the bare reader's (what the engine itself adds). */
function growth(
  figures: readonly ValidateFigure[],
  format: BenchFormat,
): { validate: number; bare: number; extra: number; from: number; to: number } | undefined {
  const mine = figures.filter((f) => f.format === format).sort((a, b) => a.rows - b.rows);
  const first = mine[0];
  const last = mine[mine.length - 1];
  if (!first || !last || first === last) return undefined;
  const extra = (f: ValidateFigure): number => Math.max(1, f.validate.maxRssMb - f.bare.maxRssMb);
  return {
    validate: last.validate.maxRssMb / first.validate.maxRssMb,
    bare: last.bare.maxRssMb / first.bare.maxRssMb,
    extra: extra(last) / extra(first),
    from: first.rows,
    to: last.rows,
  };
}

/**
 * Validate's peak RSS between the two largest sizes, per 10k rows: what each further row costs
 * once V8's heap has grown to its working size. A short run ends before it has (the 10k xlsx read
 * takes ~1.3 s, and the heap grows for ~2 s), so the ratio above mixes that warm-up with the rows.
 */
function lastSlope(figures: readonly ValidateFigure[], format: BenchFormat): string | undefined {
  const mine = figures.filter((f) => f.format === format).sort((a, b) => a.rows - b.rows);
  const last = mine[mine.length - 1];
  const before = mine[mine.length - 2];
  if (mine.length < 3 || !last || !before) return undefined;
  const added = last.validate.maxRssMb - before.validate.maxRssMb;
  const per10k = (added / (last.rows - before.rows)) * 10_000;
  return `from ${before.rows.toLocaleString('en-US')} to ${last.rows.toLocaleString('en-US')} rows: validate peak RSS ${signedMb(added)} (x${(last.validate.maxRssMb / before.validate.maxRssMb).toFixed(2)}), ${per10k.toFixed(1)} MB per 10,000 rows; bare reader x${(last.bare.maxRssMb / before.bare.maxRssMb).toFixed(2)}`;
}

/** Builds the validate suite over the given sizes. */
export function validateSuite(options: ValidateSuiteOptions): Suite {
  const formats = options.formats ?? ['xlsx', 'csv'];
  const repeats = options.repeats ?? 3;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const figures: ValidateFigure[] = [];
  return {
    name: 'validate',
    figures: () => ({ targets: TARGETS, results: figures }),
    async run() {
      for (const rows of options.sizes) {
        for (const format of formats) {
          log(`validate suite: generating/reading ${rows} rows (${format})...`);
          const file = await benchSheet(rows, format);
          const bare = await measureTask(format === 'xlsx' ? 'bare-exceljs' : 'bare-csv', file, repeats);
          const read = await measureTask('read', file, repeats);
          const validate = await measureTask('validate', file, repeats);
          if (bare.rows !== rows || read.rows !== rows || validate.rows !== rows) {
            throw new Error(
              `expected ${rows} rows, bare read ${bare.rows}, reader ${read.rows}, validate ${validate.rows}`,
            );
          }
          figures.push({
            rows,
            format,
            bare,
            read,
            validate,
            readRatio: read.ms / bare.ms,
            timeRatio: validate.ms / bare.ms,
            cpuRatio: validate.cpuMs / bare.cpuMs,
            rssRatio: validate.maxRssMb / bare.maxRssMb,
          });
          log(
            `  bare ${sec(bare.ms)} ${mb(bare.maxRssMb)}; read ${sec(read.ms)}; validate ${sec(validate.ms)} ${mb(validate.maxRssMb)}`,
          );
        }
      }
      const header = [
        'rows',
        'format',
        'bare time',
        'read time',
        'read ratio',
        'validate time',
        'time ratio',
        'CPU ratio',
        'bare RSS',
        'validate RSS',
        'RSS over bare',
        'targets',
      ];
      const table = figures.map((f) => {
        const verdicts = [
          `read ${mark(f.readRatio <= TARGETS.timeRatio)}`,
          `time ${mark(f.timeRatio <= TARGETS.timeRatio)}`,
        ];
        if (f.rows >= 100_000) verdicts.push(`RSS ${mark(f.validate.maxRssMb <= TARGETS.rssMbAt100k)}`);
        return [
          f.rows.toLocaleString('en-US'),
          f.format,
          sec(f.bare.ms),
          sec(f.read.ms),
          `${f.readRatio.toFixed(2)}x`,
          sec(f.validate.ms),
          `${f.timeRatio.toFixed(2)}x`,
          `${f.cpuRatio.toFixed(2)}x`,
          mb(f.bare.maxRssMb),
          mb(f.validate.maxRssMb),
          signedMb(f.validate.maxRssMb - f.bare.maxRssMb),
          verdicts.join(', '),
        ];
      });
      const lines = [formatTable(header, table), ''];
      for (const format of formats) {
        const g = growth(figures, format);
        if (g === undefined) continue;
        const range = `${g.from.toLocaleString('en-US')} to ${g.to.toLocaleString('en-US')} rows`;
        lines.push(
          `${format}: validate peak RSS x${g.validate.toFixed(2)} from ${range} (target: flat, <= x${TARGETS.rssGrowthRatio}) ${mark(g.validate <= TARGETS.rssGrowthRatio)}; bare reader x${g.bare.toFixed(2)}; validate's RSS over bare x${g.extra.toFixed(2)}`,
        );
        const slope = lastSlope(figures, format);
        if (slope) lines.push(`  ${slope}`);
      }
      lines.push(
        `Targets: reader/bare and validate/bare time <= ${TARGETS.timeRatio}x; validate peak RSS <= ${TARGETS.rssMbAt100k} MB at 100k rows; median of ${repeats} run(s), each in a fresh process. The CPU ratio (user + system time) is the steadier figure when the machine is busy.`,
      );
      return lines.join('\n');
    },
  };
}
