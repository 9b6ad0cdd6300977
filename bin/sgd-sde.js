#!/usr/bin/env node
// Entry point: the CLI is compiled to dist/ on install (npm's `prepare` runs `tsc`).
import { main } from '../dist/cli/main.js';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
