#!/usr/bin/env node
/** The `paybridge` bin (dist/cli.js): see src/cli.ts. */
import { defaultVerifier, main } from './cli';

process.exitCode = await main(process.argv.slice(2), defaultVerifier);
