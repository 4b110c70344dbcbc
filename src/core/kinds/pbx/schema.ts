/** The PBX schema's conditional rules (FACTS 1.8.A and 1.8.A.1) and its credential keywords. */
import { INITIAL_CONFIG_REQUIRED, objectAt, when, type JsonSchema } from '../../schema/build-schema.ts';

export function addPbxRules(root: JsonSchema): void {
  // FACTS 1.8.A: allowRunAfterExpirationDate is required when expirationDate is set.
  root['allOf'] = [
    { if: { required: ['expirationDate'] }, then: { required: ['allowRunAfterExpirationDate'] } },
  ];
  const initial = objectAt(root, ['cloudPbxInitialConfigRequest']);
  initial['required'] = Object.keys(INITIAL_CONFIG_REQUIRED);
  for (const [section, required] of Object.entries(INITIAL_CONFIG_REQUIRED)) {
    objectAt(initial, [section])['required'] = required;
  }
  const admin = objectAt(initial, ['administratorSettings']);
  const adminProps = admin['properties'] as Record<string, JsonSchema>;
  adminProps['username'] = { ...adminProps['username'], pbxUsername: true };
  adminProps['newPassword'] = { ...adminProps['newPassword'], pbxPassword: true };
  adminProps['confirmPassword'] = { ...adminProps['confirmPassword'], const: { $data: '1/newPassword' } };
  admin['allOf'] = [
    // FACTS 1.8.A.1: contactName and notificationLevel with enableEventNotify = Enabled...
    when('enableEventNotify', 'Enabled', { required: ['contactName', 'notificationLevel'] }),
    // ...and mobileNumber with enableMobileNotify = Enabled.
    when('enableMobileNotify', 'Enabled', { required: ['mobileNumber'] }),
  ];
  // FACTS 1.8.A.1: dialCode is required when enbCountryCode = Enabled.
  objectAt(initial, ['localization'])['allOf'] = [
    when('enbCountryCode', 'Enabled', { required: ['dialCode'] }),
  ];
}
