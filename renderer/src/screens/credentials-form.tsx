/**
 * Live credentials for YCM, Partner Portal and MyReports, typed once: tested before saving,
 * then kept by the engine side (Electron: the OS keychain via safeStorage; browser mode: memory,
 * for this session only). A secret is never shown again: saved fields read "saved ••••" and a
 * blank field keeps the saved value. The fields are cleared after saving.
 */
import { useState } from 'react';
import type {
  ConnectionCheck,
  CredentialName,
  CredentialsInput,
  TargetInfo,
  TargetsResult,
} from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { ChecksList } from './checks-list.tsx';
import { InlineError, inlineErrorId, useErrorAt } from '../errors.tsx';

interface Props {
  targets: TargetsResult;
  setTargets: (t: TargetsResult) => void;
  attempt: Attempt;
}

interface Field {
  name: CredentialName;
  label: string;
  secret?: boolean;
  placeholder?: string;
}

const GROUPS: Array<{ system: 'ycm' | 'pp' | 'myreports'; title: string; fields: Field[] }> = [
  {
    system: 'ycm',
    title: 'Yeastar Central Management',
    fields: [
      { name: 'YCM_BASE_URL', label: 'Base URL (https)', placeholder: 'https://…' },
      { name: 'YCM_CLIENT_ID', label: 'Client ID' },
      { name: 'YCM_CLIENT_SECRET', label: 'Client secret', secret: true },
    ],
  },
  {
    system: 'pp',
    title: 'Partner Portal',
    fields: [
      {
        name: 'PP_BASE_URL',
        label: 'Base URL (optional)',
        placeholder: 'https://openapi.partner.yeastar.com',
      },
      { name: 'PP_CLIENT_ID', label: 'Client ID' },
      { name: 'PP_CLIENT_SECRET', label: 'Client secret', secret: true },
    ],
  },
  {
    system: 'myreports',
    title: 'MyReports',
    fields: [
      {
        name: 'MYREPORTS_BASE_URL',
        label: 'Base URL (optional)',
        placeholder: 'https://api.na.myreports.cloud/api',
      },
      { name: 'MYREPORTS_ACCOUNT_ID', label: 'Account ID' },
      { name: 'MYREPORTS_TOKEN', label: 'API token', secret: true },
    ],
  },
];

/** Where this form's errors are shown: under its buttons, beside the fields they name. */
const PLACE = 'credentials';

export function CredentialsForm({ targets, setTargets, attempt }: Props): React.JSX.Element {
  const [values, setValues] = useState<CredentialsInput>({});
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const live: TargetInfo | undefined = targets.targets.find((t) => !t.sandbox);
  const keychain = targets.credentialStore === 'keychain';
  const error = useErrorAt(PLACE);

  const test = async (): Promise<void> => {
    setBusy(true);
    setSaved(null);
    const c = await attempt(() => bridge.testCredentials({ credentials: values }), PLACE);
    setCheck(c ?? null);
    setBusy(false);
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    setCheck(null);
    const r = await attempt(() => bridge.saveCredentials({ credentials: values }), PLACE);
    if (r) {
      setTargets(r.targets);
      setValues({});
      setSaved(
        r.stored === 'keychain'
          ? 'Saved, encrypted by the system keychain. Live is now the active target.'
          : `Kept in memory for this session only${r.note ? ` (${r.note})` : ''}. Live is now the active target.`,
      );
    }
    setBusy(false);
  };

  return (
    <form
      className="cred-form"
      aria-labelledby="cred-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="cred-title">Live credentials</h3>
      <p className="hint" data-testid="credential-store">
        {keychain
          ? 'Saved encrypted with your system keychain (never in a plain file). Secrets are not shown again after saving.'
          : 'Browser mode keeps them in memory for this session only: they are forgotten when pbx-bulk ui stops, and never written to disk. Secrets are not shown again after saving.'}
      </p>
      {GROUPS.map((g) => {
        const configured = live?.systems[g.system] != null;
        return (
          <fieldset key={g.system}>
            <legend>
              {g.title}
              {configured ? <span className="tag">configured</span> : null}
            </legend>
            {g.fields.map((f) => (
              <label key={f.name}>
                {f.label}
                <input
                  type={f.secret ? 'password' : f.name.endsWith('_URL') ? 'url' : 'text'}
                  autoComplete="off"
                  aria-invalid={error?.field === f.name ? true : undefined}
                  aria-describedby={error?.field === f.name ? inlineErrorId(PLACE) : undefined}
                  spellCheck={false}
                  value={values[f.name] ?? ''}
                  placeholder={
                    configured && f.secret
                      ? 'saved •••• (blank keeps it)'
                      : configured && !f.name.endsWith('_URL')
                        ? 'saved (blank keeps it)'
                        : configured
                          ? (live?.systems[g.system] ?? '')
                          : (f.placeholder ?? '')
                  }
                  onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                />
              </label>
            ))}
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void test()}>
          Test these credentials
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Save and use
        </button>
      </div>
      <InlineError at={PLACE} />
      {check && <ChecksList check={check} label="Test of the entered credentials" />}
      {saved && <p role="status">{saved}</p>}
    </form>
  );
}
