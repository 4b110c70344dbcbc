/**
 * What marks a row as the blank template's example, left in by mistake: its PBX's subdomain
 * (PBX, DID and expansion rows) or its placeholder API key (MyReports). validate refuses such a row
 * (the kinds' row rules), so a template filled in below its example never creates the example's PBX.
 * It lives below both templates (kinds/<kind>/samples.ts write it) and validate (which refuses it).
 */
export const EXAMPLE_MARKERS = { subDomain: 'acme-demo', apiKey: 'replace-with-the-api-key' } as const;
