/**
 * Where the CSV reader pulls its records from: the fast path (csv-split.mjs) or csv-parse in this
 * thread, or for large files the fast path does not take a worker thread running csv-parse
 * (csv-records.mjs) while this thread validates. All give
 * `read()`, a record already parsed or null at once, and `next()`, which waits for the next one
 * (undefined at the end) and rejects with the parser's error.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SplitRecords } from './csv-split.mjs';
import {
  openCsvRecords,
  scanCsvBytes,
  splitOptions,
  StreamRecords,
  type CsvBatch,
  type CsvStreamSpec,
  type CsvWorkerMessage,
} from './csv-records.mjs';

export interface RecordSource {
  /** What reads: csv-parse in a worker or in this thread, or the fast path (in this thread). */
  readonly via: 'worker' | 'thread' | 'split';
  /** Byte offset of the first byte that is not UTF-8, in a file read as UTF-8 (see scanCsvBytes). */
  readonly notUtf8At: number | undefined;
  read(): string[] | null;
  next(): Promise<string[] | undefined>;
  /** Stops reading (the consumer is done or gave up). */
  close(): void;
}

/**
 * Whether a worker thread can load `script`. Not from inside an asar archive, as in the packaged
 * desktop app: Electron's asar support does not reach worker threads (electron/electron#22446).
 * Unpacking the script and csv-parse beside the archive would take them out of the archive's
 * integrity check (the embedded asar integrity fuse in electron-builder.yml), so the packaged app
 * parses in its main process instead, without first paying for a worker that cannot start.
 */
export function workerCanLoad(script: URL): boolean {
  return script.protocol === 'file:' && !/\.asar[\\/]/i.test(fileURLToPath(script));
}

export interface SourceOptions {
  /** Files of at least this many bytes that the fast path does not take are parsed in a worker. */
  workerFromBytes: number;
  /** The fast path where it applies (csv-split.mjs); false reads every file with csv-parse. */
  split?: boolean | undefined;
}

/**
 * The source for the file, after a scan of its bytes: the fast path in this thread where it
 * applies; else csv-parse, in a worker for files of at least `workerFromBytes`, falling back to
 * this thread when a worker cannot load `workerScript` or start (a package that left it out, no threads).
 */
export async function openRecordSource(
  spec: CsvStreamSpec,
  options: SourceOptions,
  workerScript: URL = new URL('./csv-records.mjs', import.meta.url),
): Promise<RecordSource> {
  const scan = await scanCsvBytes(spec);
  const parsed = (handle?: FileHandle): StreamRecords =>
    new StreamRecords(openCsvRecords(spec, scan.lineEndings, handle), scan.notUtf8At);
  const split = options.split === false ? undefined : splitOptions(spec, scan);
  if (split) return new SplitRecords(await open(spec.file, 'r'), spec.start, split, parsed);
  if (workerCanLoad(workerScript) && (await stat(spec.file)).size >= options.workerFromBytes) {
    let worker: WorkerRecords | undefined;
    try {
      worker = new WorkerRecords(
        new Worker(workerScript, {
          workerData: { csvRecords: spec, scan },
          // Smaller than V8's default young generation: ~15 MB less RSS at 100k rows, same time.
          resourceLimits: { maxYoungGenerationSizeMb: 8 },
        }),
        scan.notUtf8At,
      );
      await worker.whenStarted();
      return worker;
    } catch {
      worker?.close();
    }
  }
  return parsed();
}

interface CurrentBatch {
  rows: string[][];
  next: number;
}

/**
 * Records from the parse worker. The worker is referenced only while this thread waits for it, so
 * a reader that stops early never keeps the process alive.
 */
class WorkerRecords implements RecordSource {
  readonly via = 'worker';
  private readonly queue: CsvBatch[] = [];
  private current: CurrentBatch | undefined;
  private ended = false;
  private error: Error | undefined;
  private waiter: (() => void) | undefined;
  private readonly started: Promise<void>;

  constructor(
    private readonly worker: Worker,
    readonly notUtf8At: number | undefined,
  ) {
    let settle: ((error?: Error) => void) | undefined;
    this.started = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    worker.on('message', (message: CsvWorkerMessage) => {
      settle?.();
      if (message.type === 'batch') this.queue.push(message);
      else if (message.type === 'started') return;
      else {
        if (message.type === 'end') this.ended = true;
        else this.error = Object.assign(new Error(message.message), { code: message.code });
        // Everything it parsed has arrived (messages keep their order): free the thread now,
        // whether or not the reader reads on.
        void worker.terminate();
      }
      this.wake();
    });
    worker.on('error', (error: Error) => {
      settle?.(error);
      this.error ??= error;
      this.wake();
    });
    worker.on('exit', (code) => {
      const stopped = new Error(`the CSV parse worker stopped (exit code ${code})`);
      settle?.(stopped);
      if (!this.ended) this.error ??= stopped;
      this.wake();
    });
    worker.unref();
  }

  /** Resolves at the worker's first message (its scan's finding); rejects if it could not start. */
  async whenStarted(): Promise<void> {
    this.worker.ref();
    try {
      await this.started;
    } finally {
      this.worker.unref();
    }
  }

  read(): string[] | null {
    for (;;) {
      const current = this.current;
      if (current && current.next < current.rows.length) return current.rows[current.next++] ?? null;
      // Done with a batch: the worker may send one more.
      if (current) this.worker.postMessage({ credit: 1 });
      const batch = this.queue.shift();
      this.current = batch && { rows: batch.rows, next: 0 };
      if (!batch) return null;
    }
  }

  async next(): Promise<string[] | undefined> {
    for (;;) {
      const record = this.read();
      if (record !== null) return record;
      if (this.error) throw this.error;
      if (this.ended) return undefined;
      this.worker.ref();
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.worker.unref();
    }
  }

  close(): void {
    // Stopped on purpose: a reader still waiting gets the end, not "the worker stopped".
    this.ended = true;
    this.wake();
    void this.worker.terminate();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
