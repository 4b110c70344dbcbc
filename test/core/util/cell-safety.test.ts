import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../../src/core/schema/catalogue.ts';
import {
  SECRET_MASK,
  isSecretField,
  isSecretHeader,
  maskSecret,
  redactSecrets,
  safeCell,
  scrubText,
} from '../../../src/core/util/cell-safety.ts';

describe('safeCell', () => {
  it('neutralises values a spreadsheet would run as a formula', () => {
    expect(safeCell('=HYPERLINK("http://evil","x")')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(safeCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(safeCell('\t=1')).toBe(`'\t=1`);
    expect(safeCell('\r=1')).toBe(`'\r=1`);
    expect(safeCell('-2+3')).toBe(`'-2+3`);
    expect(safeCell('+cmd|/C calc!A0')).toBe(`'+cmd|/C calc!A0`);
    expect(safeCell('-')).toBe(`'-`);
  });

  it('keeps DIDs and plain numbers exactly as typed', () => {
    for (const value of [
      '+12025550101',
      '+44 20 7946 1101',
      '+1 (202) 555-0101',
      '-5',
      '+3.25',
      '-0.5',
      '00123',
    ]) {
      expect(safeCell(value)).toBe(value);
    }
    expect(safeCell('')).toBe('');
    expect(safeCell('acme')).toBe('acme');
  });
});

describe('secrets', () => {
  it('recognises secret field paths, dotted or not', () => {
    expect(isSecretField('cloudPbxInitialConfigRequest.administratorSettings.newPassword')).toBe(true);
    expect(isSecretField('confirmPassword')).toBe(true);
    expect(isSecretField('apiKey')).toBe(true);
    expect(isSecretField('client_secret')).toBe(true);
    expect(isSecretField('refresh_token')).toBe(true);
    expect(isSecretField('cloudPbxInitialConfigRequest.administratorSettings.username')).toBe(false);
    // Issue 15: the 3CX licence key is a credential, masked like a password.
    expect(isSecretField('licenseKey')).toBe(true);
    expect(isSecretField('accountId')).toBe(false);
  });

  it('recognises secret headers the way users write them', () => {
    for (const header of [
      'Admin password',
      'API key',
      'api_key',
      'Confirm Password',
      'Client secret',
      'TOKEN',
      // Marked required, or abbreviated, or in another language: still masked.
      'Admin password *',
      'Admin password (required)',
      '* Admin Password',
      'Admin PW',
      'pwd',
      'Kennwort',
      'Mot de passe',
      'Contraseña',
      'Password policy',
      'Wachtwoord',
      'Senha do administrador',
      'Пароль',
      'パスワード',
      '管理员密码',
      'Hasło',
      '비밀번호',
      // A Cyrillic а in a Latin word.
      'Admin pаssword',
      // camelCase, and the other words for a secret users write.
      'AdminPwd',
      'AdminPass',
      'ConfirmPwd',
      'Passphrase',
      'Passcode',
      'PIN',
      'SIP PIN',
      'AdminPWDConfirm',
      'VoicemailPINCode',
      // The 3CX licence key is the instance's credential (issue 15), in both spellings.
      '3CX licence key',
      'License Key',
      'licenseKey',
    ]) {
      expect(isSecretHeader(header), header).toBe(true);
    }
    for (const header of [
      'Admin username',
      'subDomain',
      'DID',
      'Passwordless login',
      'Bypass',
      'PWM',
      'Имя',
      'Pinned',
      'Spinner',
      'Passport number',
      'PBX name',
    ]) {
      expect(isSecretHeader(header)).toBe(false);
    }
  });

  it('every header and alias of the catalogues is masked exactly when its field is a secret', () => {
    let checked = 0;
    for (const catalogue of Object.values(CATALOGUES)) {
      for (const field of catalogue.fields) {
        for (const header of [field.path, field.label, ...(field.aliases ?? [])]) {
          expect(isSecretHeader(header), header).toBe(Boolean(field.secret));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('masks values but keeps empty ones empty', () => {
    expect(maskSecret('hunter2hunter2')).toBe(SECRET_MASK);
    expect(maskSecret('')).toBe('');
  });

  it('scrubs echoed secret values from messages', () => {
    expect(scrubText('password Abc123xyz is too weak', ['Abc123xyz'])).toBe(
      `password ${SECRET_MASK} is too weak`,
    );
  });

  it('redacts secret properties in nested payloads', () => {
    const payload = {
      name: 'Acme',
      cloudPbxInitialConfigRequest: {
        administratorSettings: { username: 'Admin01', newPassword: 'P4ssw0rd!x' },
      },
      profiles: [{ apiKey: 'k-123', token: 42 }],
    };
    expect(redactSecrets(payload)).toEqual({
      name: 'Acme',
      cloudPbxInitialConfigRequest: {
        administratorSettings: { username: 'Admin01', newPassword: SECRET_MASK },
      },
      profiles: [{ apiKey: SECRET_MASK, token: SECRET_MASK }],
    });
    expect(JSON.stringify(payload)).toContain('P4ssw0rd!x'); // the input is not modified
  });
});
