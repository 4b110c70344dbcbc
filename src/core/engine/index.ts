/** The engine's public API: plan and run a workbook against a set of clients. */
export { planWorkbook, rowKeys, type PlanOptions, type PlanResult } from './plan.ts';
export { runWorkbook, type RunOptions, type RunProgress, type RunResult } from './run.ts';
export type { PlannedRow, RowAction } from './planned.ts';
