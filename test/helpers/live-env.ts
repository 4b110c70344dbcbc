/** The environment that makes a sandbox the live vendor: its three APIs under live credentials. */
import type { Sandbox } from '../../src/sandbox/server.ts';

export function liveEnv(vendor: Sandbox): Record<string, string> {
  return {
    YCM_BASE_URL: vendor.ycmBaseUrl,
    YCM_CLIENT_ID: vendor.credentials.ycm.clientId,
    YCM_CLIENT_SECRET: vendor.credentials.ycm.clientSecret,
    PP_BASE_URL: vendor.ppBaseUrl,
    PP_CLIENT_ID: vendor.credentials.pp.clientId,
    PP_CLIENT_SECRET: vendor.credentials.pp.clientSecret,
    MYREPORTS_BASE_URL: vendor.myreportsBaseUrl,
    MYREPORTS_TOKEN: vendor.credentials.myreports.token,
    MYREPORTS_ACCOUNT_ID: vendor.credentials.myreports.accountId,
  };
}
