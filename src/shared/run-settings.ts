/**
 * How a run goes, as its user sets it: the app's Plan screen (startRun) and the CLI's flags build
 * this one object, and the app session, the engine port, runWorkbook and the scheduler
 * (executeRows) take it as it is. Plain data (structured-clone safe): it crosses the bridge.
 * Here in shared, the one folder both the renderer and the engine may import.
 */
export interface RunSettings {
  /** Rows of different PBXs at once (default 4). */
  concurrency?: number;
  /**
   * Run exactly the first this many rows, then ask whether to go on (the app: answerCanary; the
   * CLI: a prompt). No other row starts before the answer.
   */
  canary?: number;
  /** Stop after this many failures in a row. */
  stopAfterConsecutiveFailures?: number;
  /** Stop when more than this percentage of finished rows failed (checked after 10 rows). */
  stopFailedPercent?: number;
  /**
   * Order even when the Partner Portal has a recent order for the PBX that the run's journal does
   * not record (the CLI's --allow-repeat-order); the dry run then does not refuse it either.
   */
  allowRepeatOrder?: boolean;
}
