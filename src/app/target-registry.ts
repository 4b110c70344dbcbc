/**
 * The targets of a UI session and which one is active (plan and run go there): the sandbox or
 * live systems from the environment at start, plus live credentials typed in Connect. Secrets stay
 * in TargetConfig on the engine side; the renderer only ever gets TargetsResult (names and URLs).
 */
import type { CredentialsInput, TargetsResult } from '../shared/bridge.ts';
import { credentialsOf, liveTarget, LIVE_TARGET_ID, mergeCredentials } from './live-credentials.ts';
import { SessionError } from './session-error.ts';
import { describeTarget, type TargetConfig } from './targets.ts';

export class TargetRegistry {
  private readonly targets: TargetConfig[];
  private activeId: string;

  constructor(
    targets: readonly TargetConfig[],
    /** Where saved credentials live: Electron's keychain, or this session's memory (browser mode). */
    readonly store: 'keychain' | 'session',
  ) {
    this.targets = [...targets];
    this.activeId = this.targets[0]?.id ?? '';
  }

  /** A target by id; the active one when no id is given. */
  get(id?: string): TargetConfig {
    const want = id ?? this.activeId;
    const t = this.targets.find((x) => x.id === want);
    if (!t) throw new SessionError(`There is no target '${want}'.`);
    return t;
  }

  describe(): TargetsResult {
    return { targets: this.targets.map(describeTarget), active: this.get().id, credentialStore: this.store };
  }

  /** The live target entered credentials make (blank fields keep the current live values). */
  entered(input: CredentialsInput): TargetConfig {
    const current = this.targets.find((x) => x.id === LIVE_TARGET_ID && !x.sandbox);
    return liveTarget(mergeCredentials(credentialsOf(current?.live), input));
  }

  /** Adds or replaces a target and makes it active. */
  put(t: TargetConfig): void {
    const at = this.targets.findIndex((x) => x.id === t.id);
    if (at >= 0) this.targets[at] = t;
    else this.targets.push(t);
    this.activeId = t.id;
  }

  select(id: string): void {
    this.activeId = this.get(id).id;
  }
}
