/**
 * The administrator username and password rules of Create a Cloud PBX (FACTS 1.8.A.1, seeds/000).
 * Each returns the list of broken rules as sentences a non-developer can act on.
 */

/** Username: at least 6 characters, both upper- and lower-case letters, no `@`. */
export function usernameProblems(username: string): string[] {
  const problems: string[] = [];
  if (username.length < 6) problems.push('have at least 6 characters');
  if (!/[A-Z]/.test(username) || !/[a-z]/.test(username))
    problems.push('mix upper-case and lower-case letters');
  if (username.includes('@')) problems.push('not contain @');
  return problems;
}

/**
 * Password: at least 10 characters; upper case, lower case and digits; no 4 repeated digits
 * (1111) and no 4 consecutive ascending or descending digits (1234, 4321).
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('have at least 10 characters');
  if (!/[A-Z]/.test(password)) problems.push('contain an upper-case letter');
  if (!/[a-z]/.test(password)) problems.push('contain a lower-case letter');
  if (!/[0-9]/.test(password)) problems.push('contain a digit');
  if (/(\d)\1\1\1/.test(password)) problems.push('not repeat a digit 4 times (like 1111)');
  if (hasDigitRun(password)) problems.push('not contain 4 consecutive digits (like 1234 or 4321)');
  return problems;
}

function hasDigitRun(text: string): boolean {
  for (let i = 0; i + 3 < text.length; i++) {
    const run = text.slice(i, i + 4);
    if (!/^\d{4}$/.test(run)) continue;
    const d = [...run].map(Number);
    const step = (d[1] ?? 0) - (d[0] ?? 0);
    if ((step === 1 || step === -1) && d.every((v, k) => k === 0 || v - (d[k - 1] ?? 0) === step))
      return true;
  }
  return false;
}
