import { describe, expect, it } from 'vitest';
import { passwordProblems, usernameProblems } from '../../../src/core/schema/credential-rules.ts';

describe('admin password rules (FACTS 1.8.A.1)', () => {
  it.each([
    ['Acme-1111-pass', ['not repeat a digit 4 times (like 1111)']],
    ['Acme-11112-pass', ['not repeat a digit 4 times (like 1111)']],
    ['Acme-1234-pass', ['not contain 4 consecutive digits (like 1234 or 4321)']],
    ['Acme-x6789-pass', ['not contain 4 consecutive digits (like 1234 or 4321)']],
    ['Acme-4321-pass', ['not contain 4 consecutive digits (like 1234 or 4321)']],
    ['Acme-0123-pass', ['not contain 4 consecutive digits (like 1234 or 4321)']],
    ['Acme-3210-pass', ['not contain 4 consecutive digits (like 1234 or 4321)']],
    // Runs that end and restart: 12123 has no 4-run; 1233 neither; 7890 (9 → 0) does not wrap.
    ['Acme-12123-pass', []],
    ['Acme-1233-pass', []],
    ['Acme-7890-pass', []],
    ['Acme-1357-pass', []],
    // A non-digit breaks a run: 12-34 and 11-11 are not runs.
    ['Acme-12-34-pass', []],
    ['Acme-11-11-pass', []],
    // Both at once, and the length/class rules alongside.
    [
      '11115678',
      [
        'have at least 10 characters',
        'contain an upper-case letter',
        'contain a lower-case letter',
        'not repeat a digit 4 times (like 1111)',
        'not contain 4 consecutive digits (like 1234 or 4321)',
      ],
    ],
    // Only ASCII letters and digits count: é is not a lower-case letter here, ٣ (Arabic-Indic 3) no digit.
    ['ÉÉÉÉÉÉÉÉÉÉ٣', ['contain an upper-case letter', 'contain a lower-case letter', 'contain a digit']],
  ])('%s: %j', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });
});

describe('admin username rules (FACTS 1.8.A.1)', () => {
  it.each([
    ['AcmeAdmin', []],
    ['Admin', ['have at least 6 characters']],
    ['adminuser', ['mix upper-case and lower-case letters']],
    ['ADMIN@ACME', ['mix upper-case and lower-case letters', 'not contain @']],
    ['Ad', ['have at least 6 characters']],
  ])('%s: %j', (username, problems) => {
    expect(usernameProblems(username)).toEqual(problems);
  });
});
