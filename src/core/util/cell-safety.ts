/**
 * What every exported cell goes through: formula-injection neutralising and secret masking
 * (PRODUCT.md, Report: "Passwords, secrets and API keys never appear in reports or logs. Cells that
 * start with `= + - @` are neutralised in exports").
 */

/** What a secret is replaced with. Fixed length, so nothing about the secret leaks. */
export const SECRET_MASK = '••••••';

/**
 * API field names that hold secrets: admin passwords (FACTS 1.8.A administratorSettings), the
 * MyReports Kazoo `apiKey`, 3CX `password` and `licenseKey`, OAuth client secrets and tokens.
 */
export const SECRET_FIELDS: readonly string[] = [
  'newPassword',
  'confirmPassword',
  'password',
  'apiKey',
  'licenseKey',
  'clientSecret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
];

// A plain number (`-5`, `+3.25`, `-1e3`): Excel would compute nothing dangerous from it, and
// negative quantities must stay readable.
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// A phone number as people write DIDs: `+12025550101`, `+44 20 7946 1101`, `+1 (202) 555-0101`.
// Only digits and separators after the `+`, and at least 6 digits, so `+1-2` style arithmetic
// does not pass as a phone number.
const PHONE_NUMBER = /^\+[\d\s().-]+$/;

function isPhoneNumber(text: string): boolean {
  return PHONE_NUMBER.test(text) && text.replace(/\D/g, '').length >= 6;
}

/**
 * Neutralises a cell against formula injection (OWASP "CSV Injection"): a value Excel, LibreOffice
 * or Google Sheets would read as a formula gets a leading `'`. Values starting with `=`, `@`, tab or
 * CR always do; values starting with `+` or `-` do unless they are a plain number or a phone number,
 * so DIDs such as `+12025550101` and numbers such as `-5` survive unchanged.
 */
export function safeCell(text: string): string {
  const first = text.charAt(0);
  if (first === '=' || first === '@' || first === '\t' || first === '\r') return `'${text}`;
  if (first === '+' || first === '-') {
    if (PLAIN_NUMBER.test(text) || isPhoneNumber(text) || isPhoneList(text)) return text;
    return `'${text}`;
  }
  return text;
}

/** Lower case without spaces, underscores or hyphens: "Admin password" → "adminpassword". */
function squash(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

const SQUASHED_SECRET_FIELDS = new Set(SECRET_FIELDS.map(squash));

/**
 * True when a field path names a secret: one of SECRET_FIELDS, or any dotted path ending in one
 * (`cloudPbxInitialConfigRequest.administratorSettings.newPassword`).
 */
export function isSecretField(path: string): boolean {
  const last = path.split('.').pop() ?? path;
  return SQUASHED_SECRET_FIELDS.has(squash(last));
}

/**
 * Words that make a column a secret wherever they appear in its header (letters only, lower case):
 * English, and the word for password in the languages of Yeastar's markets (German, French,
 * Spanish, Dutch, Portuguese, Italian and Turkish, Polish, Czech, Swedish, Norwegian, Danish,
 * Finnish, Hungarian, Russian and Ukrainian, Japanese, Chinese, Korean, Vietnamese, Indonesian).
 */
const SECRET_WORDS = new RegExp(
  [
    'password(?!less)',
    'passwd',
    'passphrase',
    'passcode',
    'passwort',
    'kennwort',
    'motdepasse',
    'contrase(?:n|ñ)a',
    'wachtwoord',
    'senha',
    'parola',
    'şifre',
    'sifre',
    'has(?:ł|l)o',
    'heslo',
    'l(?:ö|o)senord',
    'passord',
    'adgangskode',
    'salasana',
    'jelsz(?:ó|o)',
    'пароль',
    'パスワード',
    '密码',
    '密碼',
    '비밀번호',
    'm(?:ậ|a)tkh(?:ẩ|a)u',
    'katasandi',
    'secret',
    'apikey',
    'licen[cs]ekey',
    'token',
  ].join('|'),
);

/** Letters that look like Latin ones ("pаssword" with a Cyrillic а), read as those. */
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ѕ: 's',
  ԁ: 'd',
  ԝ: 'w',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  τ: 't',
  κ: 'k',
};

/** `text` with look-alike letters read as the Latin ones, unless it is all Cyrillic or Greek. */
function latinLookalikes(text: string): string {
  if (!/[a-z]/.test(text)) return text; // a header in Russian keeps its letters (пароль)
  return text.replace(/[аеорсухіѕԁԝαορντκ]/g, (c) => LOOKALIKES[c] ?? c);
}
/**
 * Abbreviations that count only as a word of their own ("Admin PW", "pwd", "AdminPwd", "PIN"), not
 * inside "pwm" or "pinned".
 */
const SECRET_ABBREVIATIONS = /(?:^|[^a-z])(?:pw|pwd|pass|pin)(?:[^a-z]|$)/;

/**
 * True when a column header names a secret: the API field names and their dotted paths, and any
 * header that contains password, secret, API key, licence key or token in any spelling users write ("Admin
 * password *", "Admin password (required)", "3CX password", "Client secret", "Access token"), a
 * few other languages' words for password, or the abbreviation PW, PWD or Pass as a word of its own.
 * Errs on the side of masking: "Password policy" is masked too, but not "Passwordless login".
 */
export function isSecretHeader(header: string): boolean {
  if (isSecretField(header)) return true;
  // camelCase words apart first ("AdminPwd" → "Admin Pwd"), so an abbreviation is a word of its own.
  const words = header
    .normalize('NFKC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2'); // "AdminPWDConfirm" → "Admin PWD Confirm"
  const lower = latinLookalikes(words.toLowerCase());
  return SECRET_WORDS.test(lower.replace(/[^\p{L}\p{N}]+/gu, '')) || SECRET_ABBREVIATIONS.test(lower);
}

/** Masks a secret value; an empty value stays empty so "missing" is still visible. */
export function maskSecret(value: string): string {
  return value === '' ? '' : SECRET_MASK;
}

/**
 * Replaces every occurrence of the given secret values in a text (a message that echoes the value
 * the user typed must not leak it). Values shorter than 3 characters are left alone: masking "a"
 * everywhere would destroy the message and reveal more than it hides.
 */
export function scrubText(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3 && out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
  }
  return out;
}

/**
 * A deep copy of a value with every secret property masked (for logs and JSON dumps of payloads).
 * Non-string secret values are masked too; arrays and nested objects are walked.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSecretField(key) && item !== undefined && item !== null) {
      out[key] = typeof item === 'string' ? maskSecret(item) : SECRET_MASK;
    } else {
      out[key] = redactSecrets(item);
    }
  }
  return out;
}

/** A list cell of phone numbers (`+12025550111; +12025550112`), as DID columns hold. */
function isPhoneList(text: string): boolean {
  const parts = text
    .split(/[,;\r\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 1 && parts.every((p) => PLAIN_NUMBER.test(p) || isPhoneNumber(p));
}

/**
 * The inverse of safeCell for a report fed back in: `'=...`, `'+...`, `'-...`, `'@...` lose the
 * quote that neutralised them on export.
 */
export function unescapeCell(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** Excel refuses a file with a cell over 32,767 characters: longer text is cut, with an ellipsis. */
export function clipCell(text: string): string {
  return text.length <= MAX_CELL_CHARS ? text : `${text.slice(0, MAX_CELL_CHARS - 1)}…`;
}

const MAX_CELL_CHARS = 32_767;

/**
 * Control characters (C0 but tab, DEL, C1) and the bidirectional overrides, each as a visible
 * \u escape: a cell value echoed to a terminal must not move the cursor, clear the screen or
 * reorder the line (`ESC[2J`, U+202E).
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of text safe to print to a terminal (see TERMINAL_UNSAFE). */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
