/**
 * Pause, resume and cancel for a run. The executor awaits `gate()` before it starts each row;
 * cancelling aborts `signal`, which stops new steps while in-flight ones finish and are journalled.
 */
export class RunController {
  private readonly abort = new AbortController();
  private paused: { promise: Promise<void>; release: () => void } | undefined;

  constructor(parent?: AbortSignal) {
    if (parent) {
      if (parent.aborted) this.abort.abort(parent.reason);
      else parent.addEventListener('abort', () => this.cancel(), { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get isPaused(): boolean {
    return this.paused !== undefined;
  }

  get isCancelled(): boolean {
    return this.abort.signal.aborted;
  }

  pause(): void {
    if (this.paused || this.isCancelled) return;
    let release = (): void => {};
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.paused = { promise, release };
  }

  resume(): void {
    const p = this.paused;
    this.paused = undefined;
    p?.release();
  }

  cancel(): void {
    if (!this.abort.signal.aborted) this.abort.abort(new Error('The run was cancelled.'));
    this.resume();
  }

  /** Resolves when the run may start its next row: at once unless paused. */
  async gate(): Promise<void> {
    while (this.paused && !this.isCancelled) await this.paused.promise;
  }
}
