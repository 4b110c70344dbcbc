/**
 * The administrator username and password rules of Create a Cloud PBX (FACTS 1.8.A.1, seeds/000).
 * Each returns the list of broken rules as sentences a non-developer can act on. Both run on every
 * PBX row, so each is one pass over the characters.
 */

const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;

/** Which of ASCII upper case, lower case and digits `text` has (bit flags). */
function classes(text: string): number {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) found |= UPPER;
    else if (c >= 97 && c <= 122) found |= LOWER;
    else if (c >= 48 && c <= 57) found |= DIGIT;
  }
  return found;
}

/** Username: at least 6 characters, both upper- and lower-case letters, no `@`. */
export function usernameProblems(username: string): string[] {
  const problems: string[] = [];
  if (username.length < 6) problems.push('have at least 6 characters');
  const found = classes(username);
  if ((found & UPPER) === 0 || (found & LOWER) === 0) problems.push('mix upper-case and lower-case letters');
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
  const found = classes(password);
  if ((found & UPPER) === 0) problems.push('contain an upper-case letter');
  if ((found & LOWER) === 0) problems.push('contain a lower-case letter');
  if ((found & DIGIT) === 0) problems.push('contain a digit');
  const runs = digitRuns(password);
  if (runs.repeated) problems.push('not repeat a digit 4 times (like 1111)');
  if (runs.consecutive) problems.push('not contain 4 consecutive digits (like 1234 or 4321)');
  return problems;
}

/** Whether `text` has 4 digits in a row that are the same (1111), or go up or down by one (1234, 4321). */
function digitRuns(text: string): { repeated: boolean; consecutive: boolean } {
  let repeated = false;
  let consecutive = false;
  // Lengths of the runs ending at the previous character; previous = -2 after a non-digit.
  let previous = -2;
  let same = 0;
  let up = 0;
  let down = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      previous = -2;
      continue;
    }
    same = digit === previous ? same + 1 : 1;
    up = previous >= 0 && digit === previous + 1 ? up + 1 : 1;
    down = previous >= 0 && digit === previous - 1 ? down + 1 : 1;
    previous = digit;
    if (same >= 4) repeated = true;
    if (up >= 4 || down >= 4) consecutive = true;
  }
  return { repeated, consecutive };
}
