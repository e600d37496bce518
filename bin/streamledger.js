#!/usr/bin/env -S node --no-memory-reducer
// The installed command: runs the compiled CLI (npm run build first).
require('../dist/src/cli/main.js').cli(process.argv.slice(2));
