/** The MyReports schema's conditional rules: the fields each profile type needs (FACTS 3.5). */
import { when, type JsonSchema } from '../../schema/build-schema.ts';

export function addMyReportsRules(root: JsonSchema): void {
  // FACTS 3.5: the fields each profile type needs.
  root['allOf'] = [
    when('_type', 'KazooPbxConnectionProfile', {
      required: ['hostRest', 'hostWebsocket', 'accountId', 'apiKey'],
    }),
    // seeds/002: the 3CX example sends licence key, username and password.
    when('_type', 'ThreeCxConnectionProfile', { required: ['licenseKey', 'username', 'password'] }),
  ];
}
