/**
 * What a UI session needs from the engine, as ports: the transports (HTTP server, Electron main)
 * pass the real engine (default-ports.ts); tests may pass the same or a narrower one.
 * The validation shapes mirror src/core/validate/validate-file.ts (COMMON.md, Engine API).
 */
import type { SourceRow, RowRecord } from '../core/model.ts';
import type { ReportSource } from '../core/report/report-layout.ts';
import type { ConnectionCheck, PlanPreviewRow, RunSettings } from '../shared/bridge.ts';
import type { PlanCall, Report, ReportRow, SheetKind, SystemName } from '../shared/types.ts';
import type { RunController } from '../core/run/controller.ts';
import type { TargetConfig } from './targets.ts';

export interface ValidateFileOptions {
  kind?: SheetKind;
  keepRecords?: boolean;
  keepCells?: boolean;
  mappingOverrides?: Record<string, string | null>;
  /** Sheet name → the row that holds its headers, where the user chose it (Map screen). */
  headerRows?: Record<string, number>;
}

export interface ValidatedColumn {
  index: number;
  header: string;
  field?: string;
}

export interface ValidatedSheet {
  name: string;
  kind: SheetKind;
  headerRow: number;
  headers: string[];
  columns: ValidatedColumn[];
}

export interface Validation {
  report: Report;
  sheets: ValidatedSheet[];
  records: RowRecord[];
  cells: Map<string, SourceRow[]>;
}

export interface RunProgress {
  done: number;
  total: number;
  succeeded: number;
  failed: number;
  etaSeconds?: number;
}

/** A request held back for a system's rate limit (src/api's PacingWait, named by system). */
export interface RunWait {
  system: SystemName;
  cause: 'bucket' | 'rate-limited';
  waitMs: number;
}

/** What the session wires into a run besides its settings: the journal, control and events. */
export interface RunHooks {
  journalFile: string;
  controller: RunController;
  /** Asked once the canary rows ran (RunSettings.canary); resolves to go on or stop. */
  onCanary: () => Promise<boolean>;
  onProgress: (p: RunProgress) => void;
  onRow: (r: ReportRow) => void;
  /** Every rate-limit wait of the run's requests (shown as "waiting for the rate limit"). */
  onWait?: (wait: RunWait) => void;
}

/** The engine's dry-run result (planWorkbook's PlanResult). */
export interface EnginePlan {
  report: Report;
  calls: PlanCall[];
  estimateSeconds: number;
  warnings: string[];
  creates: Record<SheetKind, number>;
  orders: number;
  /** Each row's preview, from its planned request (src/core/engine/preview.ts). */
  preview: PlanPreviewRow[];
  /** The YCM calls' time at YCM's documented example limit (FACTS 1.4). */
  documented: { requestsPerSecond: number; seconds: number };
}

/** The plan/run side of the engine, bound to a target's clients by the port's implementation. */
export interface EnginePort {
  plan(file: string, target: TargetConfig, signal: AbortSignal): Promise<EnginePlan>;
  /** Runs with the user's `settings` as they are (the bridge's startRun argument less `retry`). */
  run(
    file: string,
    target: TargetConfig,
    settings: RunSettings,
    hooks: RunHooks,
  ): Promise<{ report: Report; stopped?: string }>;
}

export interface SessionPorts {
  validateFile(file: string, opts: ValidateFileOptions): Promise<Validation>;
  writeReport(out: string, report: Report, source: ReportSource): Promise<void>;
  /** Field paths a sheet of this kind may map a column to. */
  listFields(kind: SheetKind): string[];
  testConnection(target: TargetConfig): Promise<ConnectionCheck>;
  /** Absent until the engine's plan/run is available. */
  engine?: EnginePort;
}
