/** The journal's row keys (plan.ts rowKeys): which cells make a row's identity. */
import { describe, expect, it } from 'vitest';
import { rowKeys } from '../../../src/core/engine/plan.ts';

const threeCx = (licenseKey: string, password = 'Tcx-Secret-Pw-81q') => ({
  kind: 'myreports' as const,
  sheet: 'MyReports',
  row: 2,
  fields: { customer: 'Globex', _type: 'ThreeCxConnectionProfile', name: '3CX', licenseKey, password },
});

describe('row keys', () => {
  it('two 3CX rows that differ only in their (secret) licence key are different work', () => {
    const [a, b] = rowKeys([threeCx('TCXL-AAAA-1111'), threeCx('TCXL-BBBB-2222')]);
    expect(a).not.toBe(b);
    expect(a?.endsWith('#0')).toBe(true);
    expect(b?.endsWith('#0')).toBe(true);
    expect(`${a ?? ''}${b ?? ''}`).not.toContain('TCXL');
  });

  it('a changed password does not make a row new work', () => {
    const [a] = rowKeys([threeCx('TCXL-AAAA-1111', 'first-Password-1')]);
    const [b] = rowKeys([threeCx('TCXL-AAAA-1111', 'other-Password-2')]);
    expect(a).toBe(b);
  });
});
