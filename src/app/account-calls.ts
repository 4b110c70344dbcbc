/**
 * The app's "Export the account" (Connect) and "Reconcile with the account" (Results), issue 18:
 * the engine's export and reconcile on the session's active target. Both only read the account.
 * An export is held like a report export, for saveExport to save or download.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createClients } from '../api/targets.ts';
import type { YcmClient } from '../api/index.ts';
import { exportAccount } from '../core/export/export.ts';
import { reconcileFile } from '../core/reconcile/reconcile.ts';
import type { BridgeCallMap } from '../shared/bridge.ts';
import { SessionError } from './session-error.ts';
import type { Session } from './session.ts';

/** What the account calls use of the session. */
type SessionPart = Pick<Session, 'target' | 'scratchPath' | 'exports' | 'log' | 'engineFile'>;

/** The session's account calls (`session.account`), as the bridge reaches them. */
export class AccountCalls {
  constructor(private readonly session: SessionPart) {}

  /** Exports every Cloud PBX of the active target, with its DID bindings, as an xlsx workbook. */
  async exportAccount(): Promise<BridgeCallMap['exportAccount']['result']> {
    const { ycm, label } = ycmOf(this.session);
    const id = randomUUID();
    const name = `account-${new Date().toISOString().slice(0, 10)}.xlsx`;
    const path = join(await this.session.scratchPath('exports', id), name);
    const result = await exportAccount(ycm, path, 'all');
    this.session.exports.set(id, { path, name });
    this.session.log(
      'info',
      `Exported ${result.pbxs} Cloud PBXs and ${result.didRows} DID binding rows from ${label}.`,
    );
    return { id, name, size: (await stat(path)).size };
  }

  /** Compares the open workbook, as edited, with the active target's account. */
  async reconcile(): Promise<BridgeCallMap['reconcile']['result']> {
    const { ycm, label } = ycmOf(this.session);
    const { result } = await reconcileFile(await this.session.engineFile(), ycm, { target: label });
    const differing = (result.summary.byOutcome.drifted ?? 0) + (result.summary.byOutcome.missing ?? 0);
    this.session.log(
      'info',
      `Reconciled with ${label}: ${differing} rows differ, ${result.summary.extra} extra PBXs.`,
    );
    return result;
  }
}

function ycmOf(session: SessionPart): { ycm: YcmClient; label: string } {
  const target = session.target();
  const ycm = createClients(target.live).ycm;
  if (!ycm) throw new SessionError('This target has no YCM credentials: add them in Connect.');
  return { ycm, label: target.label };
}
