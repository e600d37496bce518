#!/usr/bin/env node
// The installed command: runs the compiled CLI (npm run build first).
require('../dist/src/cli/main.js').cli(process.argv.slice(2));
