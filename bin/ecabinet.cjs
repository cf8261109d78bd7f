#!/usr/bin/env node
// The `ecabinet` command: runs the bundled CLI built by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('eCabinet chưa được build. Chạy: npm run build\n(eCabinet is not built yet. Run: npm run build)');
  process.exit(1);
}
require(cli);
