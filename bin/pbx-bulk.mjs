#!/usr/bin/env node
// The `pbx-bulk` command. Runs the TypeScript CLI through tsx so `npx pbx-bulk` works after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
