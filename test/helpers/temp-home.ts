/**
 * An environment whose tool home (PBX_BULK_HOME) is a fresh temp folder: browser mode keeps its
 * runs and sandbox state there, and a test must neither read nor write the user's ~/.pbx-bulk.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempHomeEnv(): { PBX_BULK_HOME: string } {
  return { PBX_BULK_HOME: mkdtempSync(join(tmpdir(), 'pbx-home-')) };
}
