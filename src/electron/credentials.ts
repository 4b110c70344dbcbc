/**
 * Live credentials kept with the OS keychain through safeStorage (PRODUCT.md, Interfaces): the
 * file in userData holds only ciphertext. When the OS offers no encryption we refuse to save,
 * never fall back to plain text.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { safeStorage } from 'electron';

/** Environment-style credentials (YCM_CLIENT_SECRET, ...), as resolveTargets reads them. */
export type Credentials = Record<string, string>;

const NAME = /^(YCM|PP|MYREPORTS)_[A-Z_]+$/;

export class CredentialStoreError extends Error {
  override readonly name = 'CredentialStoreError';
}

/** Encrypts and saves; throws CredentialStoreError when encryption is not available. */
export async function saveCredentials(file: string, creds: Credentials): Promise<void> {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new CredentialStoreError(
      'This system offers no secure storage, so credentials are not saved. Set them as environment variables instead.',
    );
  }
  for (const key of Object.keys(creds)) {
    if (!NAME.test(key)) throw new CredentialStoreError(`'${key}' is not a credential this app stores.`);
  }
  const tmp = `${file}.tmp`;
  await writeFile(tmp, safeStorage.encryptString(JSON.stringify(creds)), { mode: 0o600 });
  await rename(tmp, file);
}

/** Loads and decrypts; an absent or unreadable store means "no saved credentials". */
export async function loadCredentials(file: string): Promise<Credentials> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    return {};
  }
  if (!safeStorage.isEncryptionAvailable()) return {};
  try {
    const parsed = JSON.parse(safeStorage.decryptString(data)) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (e): e is [string, string] => NAME.test(e[0]) && typeof e[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}

/**
 * Saves credentials typed in Connect: non-blank values over the ones saved before (blank fields
 * keep their saved secret, which the window can no longer see), encrypted with safeStorage.
 */
export async function storeEnteredCredentials(
  file: string,
  entered: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const merged: Credentials = { ...(await loadCredentials(file)) };
  for (const [k, v] of Object.entries(entered)) if (v?.trim()) merged[k] = v.trim();
  await saveCredentials(file, merged);
}
