import { afterAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  DATE,
  LOCAL,
  cleanTemp,
  errorsOf,
  exampleRow,
  validateRecords,
  warningsOf,
} from './validate-helpers.ts';

afterAll(cleanTemp);

const pbx = async (changes: Record<string, string>, rename: Record<string, string> = {}) =>
  validateRecords('pbx', [exampleRow('pbx', changes)], rename);

const errorText = async (changes: Record<string, string>): Promise<string[]> =>
  errorsOf(await pbx(changes)).map((m) => `${m.column ?? ''}: ${m.message}`);

describe('PBX rows: the template example is valid', () => {
  it('has no error and no warning', async () => {
    const result = await pbx({});
    expect(result.report.rows[0]?.messages).toEqual([]);
    expect(result.report.rows[0]?.status).toBe('valid');
  });
});

describe('an initial configuration section left out', () => {
  it('names the columns to fill, by their template labels, and says clearing is enough', async () => {
    const emptied = Object.fromEntries(
      Object.keys(exampleRow('pbx'))
        .filter((path) => path.startsWith(`${DATE}.`))
        .map((path) => [path, '']),
    );
    expect(await errorText(emptied)).toEqual([
      "Time zone: The initial configuration is incomplete: a row that fills any of its columns must also fill 'Time zone', 'Daylight saving', 'Date format', 'Time format' (the sheet has no column for 'Time zone', 'Daylight saving', 'Date format', 'Time format': add them). If this PBX needs no initial configuration, clear those cells instead.",
    ]);
  });

  it('lists only the required columns of a section, not its optional ones', async () => {
    const emptied = Object.fromEntries(
      Object.keys(exampleRow('pbx'))
        .filter((path) => path.startsWith(`${ADMIN}.`))
        .map((path) => [path, '']),
    );
    const [message] = await errorText(emptied);
    expect(message).toContain("'Admin username', 'Admin password', 'Confirm password', 'Admin email' (");
    expect(message).not.toMatch(/mobile|Event notification|Notify level/i);
  });
});

describe('admin username (FACTS 1.8.A.1)', () => {
  it.each([
    ['Admin', /at least 6 characters/],
    ['adminuser', /mix upper-case and lower-case/],
    ['ADMINUSER', /mix upper-case and lower-case/],
    ['Admin@Acme', /not contain @/],
  ])('%s is refused: %s', async (username, rule) => {
    const errors = await errorText({ [`${ADMIN}.username`]: username });
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^Admin username: .*${rule.source}`))]);
  });

  it('AcmeAdmin is accepted', async () => {
    expect(await errorText({ [`${ADMIN}.username`]: 'AcmeAdmin' })).toEqual([]);
  });
});

describe('admin password (FACTS 1.8.A.1) never echoed in messages', () => {
  const both = (password: string) => ({
    [`${ADMIN}.newPassword`]: password,
    [`${ADMIN}.confirmPassword`]: password,
  });
  it.each([
    ['Short7x9q', /at least 10 characters/],
    ['nouppercase7x9q', /upper-case letter/],
    ['NOLOWERCASE7X9Q', /lower-case letter/],
    ['NoDigitsHereAtAll', /contain a digit/],
    ['Acme-1111-pass', /repeat a digit 4 times/],
    ['Acme-1234-pass', /4 consecutive digits/],
    ['Acme-4321-pass', /4 consecutive digits/],
    ['Acme-9876-pass', /4 consecutive digits/],
  ])('%s is refused: %s', async (password, rule) => {
    const errors = errorsOf(await pbx(both(password)));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.column).toBe('Admin password');
    expect(errors[0]?.message).toMatch(rule);
    expect(JSON.stringify(errors)).not.toContain(password);
  });

  it('Acme-1357-pass (digits that are not consecutive) is accepted', async () => {
    expect(await errorText(both('Acme-1357-pass'))).toEqual([]);
  });

  it('a space at either edge of a password is kept, as typed, and warned about', async () => {
    const padded = ' Sp@ce-Pass7x9q ';
    const result = await pbx({ [`${ADMIN}.newPassword`]: padded, [`${ADMIN}.confirmPassword`]: padded });
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result).map((m) => [m.column, m.message])).toEqual([
      [
        'Admin password',
        'This starts or ends with a space, which is sent as part of it. Remove it unless it is meant.',
      ],
      [
        'Confirm password',
        'This starts or ends with a space, which is sent as part of it. Remove it unless it is meant.',
      ],
    ]);
    expect(JSON.stringify(result.report)).not.toContain('Sp@ce-Pass7x9q');
  });

  it('confirm password must equal the password, and neither is shown', async () => {
    const errors = errorsOf(
      await pbx({
        [`${ADMIN}.newPassword`]: 'Sandbox-Pass7x9q',
        [`${ADMIN}.confirmPassword`]: 'Sandbox-Pass7x9Q',
      }),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        column: 'Confirm password',
        message: expect.stringMatching(/does not match/),
      }),
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/Sandbox-Pass7x9/);
  });
});

describe('required-if rules of FACTS 1.8.A and 1.8.A.1', () => {
  it('an expiration date needs "Run after expiration"', async () => {
    expect(await errorText({ expirationDate: '2027-12-31' })).toEqual([
      expect.stringMatching(
        /^Run after expiration: Run after expiration is required when an expiration date is set/,
      ),
    ]);
    expect(await errorText({ expirationDate: '2027-12-31', allowRunAfterExpirationDate: 'TRUE' })).toEqual(
      [],
    );
  });

  it('an expiration date before 2000 is refused as misread, and one already past is warned about', async () => {
    const run = { allowRunAfterExpirationDate: 'TRUE' };
    expect(await errorText({ ...run, expirationDate: '1905-07-19' })).toEqual([
      expect.stringMatching(/^Expiration date: 1905-07-19 cannot be meant: check the cell's date/),
    ]);
    const past = await pbx({ ...run, expirationDate: '2020-01-31' });
    expect(warningsOf(past)).toContainEqual({
      column: 'Expiration date',
      level: 'warning',
      message: '2020-01-31 is already past: the PBX would expire as soon as it is created.',
    });
    expect(past.report.rows[0]?.status).toBe('valid');
  });

  it('restricting international calls (enbCountryCode Enabled) needs a dial code', async () => {
    expect(await errorText({ [`${LOCAL}.enbCountryCode`]: 'Enabled' })).toEqual([
      expect.stringMatching(/^International dial code: .*required when international calls are restricted/),
    ]);
    expect(await errorText({ [`${LOCAL}.enbCountryCode`]: 'Enabled', [`${LOCAL}.dialCode`]: '00' })).toEqual(
      [],
    );
  });

  it('event notification Enabled needs contact name, level, and email or mobile notification', async () => {
    const errors = await errorText({ [`${ADMIN}.enableEventNotify`]: 'Enabled' });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Notify contact name: .*when event notification is Enabled/),
        expect.stringMatching(/^Notify level: .*when event notification is Enabled/),
        expect.stringMatching(/^Email notification: .*set email notification or mobile notification/),
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('event notification with contact, level and email notification is valid', async () => {
    expect(
      await errorText({
        [`${ADMIN}.enableEventNotify`]: 'Enabled',
        [`${ADMIN}.contactName`]: 'Alice',
        [`${ADMIN}.notificationLevel`]: 'error warn',
        [`${ADMIN}.enableEmailNotify`]: 'Enabled',
      }),
    ).toEqual([]);
  });

  it('mobile notification Enabled needs the admin mobile', async () => {
    expect(await errorText({ [`${ADMIN}.enableMobileNotify`]: 'Enabled' })).toEqual([
      expect.stringMatching(/^Admin mobile: .*required when mobile notification is Enabled/),
    ]);
    expect(
      await errorText({
        [`${ADMIN}.enableMobileNotify`]: 'Enabled',
        [`${ADMIN}.mobileNumber`]: '2025550199',
      }),
    ).toEqual([]);
  });

  it('a missing required column is named with the column to add', async () => {
    expect(await errorText({ plan: '' })).toEqual([
      expect.stringMatching(/^Plan: Plan is required\..*Add a 'Plan' column/),
    ]);
  });
});

describe('values', () => {
  it.each([
    ['plan', 'enterprise plan', 'Plan', "Write 'Enterprise Plan' exactly: values are case-sensitive."],
    ['type', 'commercial', 'Type', "Write 'Commercial' exactly: values are case-sensitive."],
    ['recordingStatus', 'disabled', 'Recording', "Write 'Disabled' exactly: values are case-sensitive."],
    [`${LOCAL}.toneRegion`, 'US', 'Tone region', "Write 'us' exactly: values are case-sensitive."],
  ])('enums are case-sensitive: %s = %s', async (path, value, column, message) => {
    expect(await errorText({ [path]: value })).toEqual([`${column}: ${message}`]);
  });

  it('an unknown enum value lists the allowed ones', async () => {
    expect(await errorText({ plan: 'Gold Plan' })).toEqual([
      "Plan: 'Gold Plan' is not allowed. Use one of: Enterprise Plan, Ultimate Plan.",
    ]);
  });

  it.each(['acme_ltd', 'acme.ltd', 'acme ltd', 'acmé'])(
    'subdomain %s is refused (letters, digits, hyphens)',
    async (sub) => {
      expect(await errorText({ subDomain: sub })).toEqual([
        `Subdomain: '${sub}' is not valid: use only letters, digits and hyphens (-).`,
      ]);
    },
  );

  it('extension capacity is at most 500', async () => {
    expect(await errorText({ extensionCapacity: '500' })).toEqual([]);
    expect(await errorText({ extensionCapacity: '501' })).toEqual([
      expect.stringMatching(/^Extensions: 501 is out of range: it must be at most 500/),
    ]);
  });

  it('numbers written with thousands separators or as words are refused with the fix', async () => {
    expect(await errorText({ concurrentCallCapacity: '1,000' })).toEqual([
      'Concurrent calls: Write 1,000 without thousands separators (1000).',
    ]);
    expect(await errorText({ concurrentCallCapacity: 'ten' })).toEqual([
      "Concurrent calls: 'ten' is not a whole number.",
    ]);
  });

  it('time zone and email language are checked for shape only, as warnings', async () => {
    const result = await pbx({ [`${DATE}.timeZone`]: 'New York', [`${LOCAL}.emailLanguage`]: 'English' });
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result).map((m) => m.column)).toEqual(['Time zone', 'Email language']);
  });
});

describe('firmware-gated fields (FACTS 1.8.A)', () => {
  it('warn until plan time when the row names its firmware only by ID', async () => {
    const result = await pbx({ firmware: '', versionId: '12', trunkConfigurationAccess: 'Enabled' });
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result)).toContainEqual(
      expect.objectContaining({
        column: 'Trunk configuration access',
        message: expect.stringMatching(/84\.21\.0\.66/),
      }),
    );
  });

  it("are warnings, not errors, when the row's firmware is older (plan decides with the real firmware)", async () => {
    const warned = async (row: Record<string, string>): Promise<string[]> => {
      const result = await pbx(row);
      expect(errorsOf(result)).toEqual([]);
      return warningsOf(result)
        .filter((m) => /Needs PBX firmware/.test(m.message))
        .map((m) => `${m.column}: ${m.message}`);
    };
    expect(await warned({ firmware: '84.20.0.10', trunkConfigurationAccess: 'Enabled' })).toEqual([
      expect.stringMatching(
        /^Trunk configuration access: Needs PBX firmware 84\.21\.0\.66 or later; this row's firmware is 84\.20\.0\.10, where it does not take effect/,
      ),
    ]);
    // 84.19.0.110 > 84.19.0.22: versions compare as numbers, not text.
    expect(await warned({ firmware: '84.19.0.110', transcriptionCapacity: '100' })).toEqual([]);
    expect(await warned({ firmware: '84.19.0.100', transcriptionCapacity: '100' })).toEqual([
      expect.stringMatching(/^Extra transcription minutes: Needs PBX firmware 84\.19\.0\.110/),
    ]);
    // Internal chat is a required column: Enabled on old firmware must not block the row.
    expect(await warned({ firmware: '84.11.0.1', im: 'Enabled' })).toContainEqual(
      expect.stringMatching(/^Internal chat: Needs PBX firmware 84\.12\.0\.32.*set it to 'Disabled'\.$/),
    );
  });

  it('DIDs at creation need firmware 84.19.0.22 (a warning) and a trunk (an error)', async () => {
    const old = await pbx({ firmware: '84.18.0.5' });
    expect(errorsOf(old)).toEqual([]);
    expect(warningsOf(old).map((m) => `${m.column}: ${m.message}`)).toContainEqual(
      expect.stringMatching(/^DIDs: Needs PBX firmware 84\.19\.0\.22/),
    );
    expect(await errorText({ trunk: '' })).toEqual([
      "DIDs: DIDs need their trunk: fill 'Trunk' or 'Trunk ID'.",
    ]);
  });

  it('a trunk without DIDs, and a template while provisioning via template is off, are warned about', async () => {
    const trunkOnly = await pbx({ dids: '' });
    expect(errorsOf(trunkOnly)).toEqual([]);
    expect(warningsOf(trunkOnly).map((m) => [m.column, m.message])).toContainEqual([
      'Trunk',
      'A trunk without DIDs is not sent: a PBX gets a shared trunk through the DIDs bound to it. Add the DIDs, or clear the trunk.',
    ]);
    const template = await pbx({
      provisioningViaTemplate: 'Disabled',
      provisionTemplate: 'Default Template',
    });
    expect(warningsOf(template).map((m) => [m.column, m.message])).toContainEqual([
      'Provisioning template',
      "Has no effect unless 'Provision via template' is Enabled.",
    ]);
  });

  it('a gated feature turned off is accepted by any firmware', async () => {
    expect(await errorText({ firmware: '84.20.0.10', trunkConfigurationAccess: 'Disabled' })).toEqual([]);
  });
});

describe('references by ID or by name', () => {
  it('region, domain, firmware and customers may be given by ID instead of name', async () => {
    const result = await pbx({
      region: '',
      regionId: '3',
      domain: '',
      domainId: '7',
      firmware: '',
      versionId: '12',
      customerEmails: '',
      customerIds: '101, 102',
    });
    expect(errorsOf(result)).toEqual([]);
    expect(result.records[0]?.values).toMatchObject({
      regionId: 3,
      domainId: 7,
      versionId: 12,
      customerIds: [101, 102],
    });
  });

  it('neither the ID nor the name: the error names both columns', async () => {
    expect(await errorText({ region: '' })).toEqual([
      "Region ID: Missing region: fill 'Region ID' or 'Region'.",
    ]);
  });
});
