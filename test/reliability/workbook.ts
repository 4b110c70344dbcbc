/**
 * The reliability suites' workbook: N PBX rows with unique subdomains (every fourth with an inline
 * DID), plus DID bindings, expansion orders and resizes on PBXs of the same workbook, and MyReports
 * Kazoo profiles, so every row kind and every journaled step is covered. Names only fixtures of
 * the sandbox (src/sandbox/fixtures.ts): free US DIDs +12025550101..189, customer alice@acme.example.
 */
import { SHEET_KINDS, type SheetKind } from '../../src/shared/types.ts';
import { EXAMPLE_ROWS } from '../../src/core/templates/sample-rows.ts';
import { filledInExample } from '../helpers/example-rows.ts';
import { writeTemplate } from '../../src/core/templates/make-template.ts';

type Row = Record<string, string>;

export interface WorkbookShape {
  pbx: number;
  didRows: number;
  orderRows: number;
  resizeRows: number;
  profileRows: number;
  /** Makes subdomains and profile account ids unique per workbook (lowercase letters/digits). */
  tag: string;
}

/** 200 rows: 160 PBX, 14 DID, 12 orders, 4 resizes, 10 profiles. */
export const CRASH_SHAPE: Omit<WorkbookShape, 'tag'> = {
  pbx: 160,
  didRows: 14,
  orderRows: 12,
  resizeRows: 4,
  profileRows: 10,
};

/** The rows of the kinds these workbooks hold (a kind without rows gets no sheet). */
type BuiltRows = Record<'pbx' | 'did' | 'expansion' | 'myreports', Row[]>;

export interface BuiltWorkbook {
  rows: BuiltRows;
  total: number;
  subDomains: string[];
}

const FREE_DIDS = Array.from({ length: 89 }, (_, i) => `+120255501${String(i + 1).padStart(2, '0')}`);

/** The sample PBX row (kinds/pbx/samples.ts) with another name, subdomain and DIDs. */
function pbxRow(name: string, sub: string, dids: string): Row {
  const base = EXAMPLE_ROWS.pbx[0] ?? {};
  const row: Row = {};
  for (const [k, v] of Object.entries(base)) row[k] = v;
  row['name'] = name;
  row['subDomain'] = sub;
  row['cloudPbxInitialConfigRequest.administratorSettings.emailAddress'] = `it@${sub}.example`;
  row['cloudPbxInitialConfigRequest.localization.deviceName'] = `${name} PBX`;
  if (dids) row['dids'] = dids;
  else delete row['dids'];
  return row;
}

/** Builds the rows of a workbook of the given shape. */
export function buildRows(shape: WorkbookShape): BuiltWorkbook {
  const dids = [...FREE_DIDS];
  const rows: BuiltRows = { pbx: [], did: [], expansion: [], myreports: [] };
  const subDomains: string[] = [];
  for (let i = 0; i < shape.pbx; i++) {
    const sub = `${shape.tag}p${String(i).padStart(4, '0')}`;
    subDomains.push(sub);
    const inline = i % 4 === 1 && dids.length > shape.didRows ? (dids.shift() ?? '') : '';
    rows.pbx.push(pbxRow(`Rel ${shape.tag} ${i}`, sub, inline));
  }
  const target = (i: number): string => subDomains[i % subDomains.length] ?? '';
  for (let i = 0; i < shape.didRows; i++) {
    rows.did.push({
      'pbx.subDomain': target(i * 4),
      trunk: 'US_Register_A1B2C3',
      dids: dids.shift() ?? '',
      mode: 'add',
    });
  }
  for (let i = 0; i < shape.orderRows; i++) {
    rows.expansion.push({
      'pbx.subDomain': target(i * 4 + 2),
      method: 'order',
      addExtensions: '5',
      billingCycle: 'monthly',
    });
  }
  for (let i = 0; i < shape.resizeRows; i++) {
    rows.expansion.push({
      'pbx.subDomain': target(i * 4 + 3),
      method: 'resize',
      recordingStatus: 'Enabled',
      recordingCapacity: '300',
    });
  }
  const profile = filledInExample('myreports');
  for (let i = 0; i < shape.profileRows; i++) {
    const accountId = `${shape.tag}${String(i).padStart(6, '0')}`.padEnd(32, 'a').slice(0, 32);
    rows.myreports.push({ ...profile, name: `Rel ${shape.tag} Kazoo ${i}`, accountId });
  }
  const total = Object.values(rows).reduce((n, kindRows) => n + kindRows.length, 0);
  return { rows, total, subDomains };
}

/** Writes the workbook as .xlsx (one sheet per kind, the templates' layout). */
export async function writeWorkbook(file: string, shape: WorkbookShape): Promise<BuiltWorkbook> {
  const built = buildRows(shape);
  const rows: Partial<Record<SheetKind, Row[]>> = built.rows;
  const kinds = SHEET_KINDS.filter((k) => (rows[k] ?? []).length > 0);
  await writeTemplate(file, kinds, built.rows);
  return built;
}
