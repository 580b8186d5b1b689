#!/usr/bin/env node
// Fails, naming file and line, when a tracked file refers to a path outside the repository:
// a folder beside the clone (the shared vectors or design folder), a relative path that climbs above the root,
// or an absolute path of a developer machine (/work, /home, /root, /Users, C:\).
// A relative path is resolved against the file's own folder and, for shell scripts (which
// run from the repository root), against the root too. A line that names such a path as
// data, not as a file to read (an attack payload in a test), carries `path-check: data`.
//
//   node scripts/check-paths.mjs [--self-test]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEXT = /\.(m?js|cjs|ts|rs|sh|toml|json|jsonc|capnp|md|html|css|yml|yaml|py|txt)$|(^|\/)run$/;
const SKIP = new Set(['package-lock.json', 'Cargo.lock', 'fuzz/Cargo.lock']);
const MACHINE = /(^|[\s"'`(=:])(\/work\/|\/home\/|\/root\/|\/Users\/|[A-Z]:\\\\)/;
// The shared folder's name is put together so that this file does not itself name it.
const BESIDE = ['..', 'shared'].join('/');
const RELATIVE = /(?:^|[^\w.\/-])((?:\.\.\/)+[\w.@${}-]*)/g;

/** The findings for one file's text: [{ line, text, why }]. */
export function findings(file, text) {
  const out = [];
  const dirs = [dirname(join(ROOT, file))];
  if (/\.sh$|(^|\/)run$/.test(file)) dirs.push(ROOT);
  text.split('\n').forEach((line, i) => {
    if (line.includes('path-check: data')) return;
    const why = [];
    if (new RegExp(`${BESIDE.replace(/\./g, '\\.')}\\b`).test(line)) why.push(`refers to ${BESIDE}`);
    const m = MACHINE.exec(line);
    if (m) why.push(`absolute machine path ${m[2]}`);
    for (const [, rel] of line.matchAll(RELATIVE)) {
      for (const d of dirs) {
        const r = relative(ROOT, resolve(d, rel));
        if (r === '..' || r.startsWith(`..${sep}`)) { why.push(`${rel} climbs above the repository root`); break; }
      }
    }
    if (why.length) out.push({ line: i + 1, text: line.trim(), why: why.join('; ') });
  });
  return out;
}

function selfTest() {
  const bad = [
    ['scripts/x.sh', `node ${BESIDE}/vectors/a.mjs`],
    ['tests/js/a.mjs', `readFileSync(new URL('../../${BESIDE}/x.json', import.meta.url))`], // path-check: data
    ['tests/js/a.mjs', "import x from '../../../other/x.mjs'"], // path-check: data
    ['src/a.rs', 'include_str!("/work/main/x")'], // path-check: data
    ['scripts/x.sh', 'cat ../outside.txt'], // path-check: data
  ];
  const good = [
    ['tests/js/a.mjs', "import x from '../../pkg/node.js'"], // path-check: data
    ['tests/e2e/a.mjs', "new URL('../vectors/fixtures.json', import.meta.url)"], // path-check: data
    ['tests/js/a.mjs', "const p = '../../etc/passwd'; // path-check: data"], // path-check: data
  ];
  for (const [f, t] of bad) if (!findings(f, t).length) throw new Error(`self-test: not flagged: ${f}: ${t}`);
  for (const [f, t] of good) if (findings(f, t).length) throw new Error(`self-test: flagged: ${f}: ${t}`);
}

function main() {
  selfTest();
  if (process.argv.includes('--self-test')) { console.log('check-paths: self-test ok'); return 0; }
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0').filter((f) => f && TEXT.test(f) && !SKIP.has(f));
  let bad = 0;
  for (const f of files) {
    let text;
    try { text = readFileSync(join(ROOT, f), 'utf8'); } catch { continue; }
    for (const x of findings(f, text)) {
      bad++;
      console.log(`${f}:${x.line}: ${x.why}\n    ${x.text.slice(0, 160)}`);
    }
  }
  if (bad) { console.log(`check-paths: ${bad} reference(s) outside the repository`); return 1; }
  console.log(`check-paths: ${files.length} tracked files, nothing refers outside the repository`);
  return 0;
}

process.exit(main());
