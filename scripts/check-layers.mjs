#!/usr/bin/env node
// Fails when the Rust modules break the layering of docs/architecture.md: every module of
// src/ belongs to one layer, and a module may use only modules of its own layer or the ones
// below it (token ← edge ← boundary). It also fails on any cycle between modules, and on a
// module this script does not place (add it to LAYERS). Reads `crate::<module>` paths, the
// way every cross-module use in src/ is written; tests (`tests.rs`, `*_tests.rs`, a trailing
// `#[cfg(test)] mod tests`) are left out.
//
//   node scripts/check-layers.mjs [--self-test]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each layer, lowest first, with its modules (the first path segment under src/). */
export const LAYERS = [
  ['token', ['error', 'alg', 'base64url', 'json', 'read', 'jws', 'header', 'keys', 'claims', 'scopes', 'cache', 'config', 'verifier', 'decode', 'sign', 'outcome']],
  ['edge', ['syntax', 'challenge', 'refusal', 'credentials', 'apikeys', 'account', 'routes', 'forward', 'principal', 'edge', 'edge_config', 'guard', 'authorize', 'exchange']],
  ['boundary', ['wasm']],
];

const rank = new Map(LAYERS.flatMap(([, mods], i) => mods.map((m) => [m, i])));
const layerName = (m) => LAYERS[rank.get(m)][0];

/** The module a source file belongs to: `src/keys/jwk.rs` → `keys`. */
function moduleOf(file) {
  const parts = relative(join(ROOT, 'src'), file).split(sep);
  return parts[0].replace(/\.rs$/, '');
}

function isTestFile(file) {
  return /(^|[/\\])tests\.rs$|_tests\.rs$/.test(file);
}

/** The source without comments and without a trailing `#[cfg(test)] mod tests { … }`. */
function code(text) {
  const noComments = text.replace(/\/\/[^\n]*/g, '');
  const test = noComments.search(/#\[cfg\(test\)\]\s*(#\[[^\]]*\]\s*)*mod tests\b/);
  return test < 0 ? noComments : noComments.slice(0, test);
}

/** Module → set of modules it uses, from `crate::name` paths. */
export function edgesOf(files) {
  const uses = new Map();
  for (const [file, text] of files) {
    const from = moduleOf(file);
    if (from === 'lib') continue;
    if (!uses.has(from)) uses.set(from, new Set());
    if (isTestFile(file)) continue;
    for (const [, to] of code(text).matchAll(/\bcrate::([a-z_][a-z0-9_]*)/g)) {
      if (to !== from) uses.get(from).add(to);
    }
  }
  return uses;
}

/** The problems: unplaced modules, back-edges, cycles. */
export function problems(uses) {
  const out = [];
  for (const m of uses.keys()) if (!rank.has(m)) out.push(`src/${m}: not placed in a layer (add it to LAYERS in scripts/check-layers.mjs)`);
  for (const [from, tos] of uses) {
    for (const to of tos) {
      if (!rank.has(from) || !uses.has(to)) continue;
      if (rank.get(to) > rank.get(from)) out.push(`${from} (${layerName(from)}) uses ${to} (${layerName(to)}): a lower layer may not use a higher one`);
    }
  }
  for (const cycle of cycles(uses)) out.push(`cycle: ${[...cycle, cycle[0]].join(' -> ')}`);
  return out;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(uses) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const found = [];
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of uses.get(v) ?? []) {
      if (!uses.has(w)) continue;
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.reverse());
    }
  };
  for (const v of uses.keys()) if (!info.has(v)) visit(v);
  return found;
}

function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.rs')) out.push([path, readFileSync(path, 'utf8')]);
  }
  return out;
}

function selfTest() {
  const src = (m) => join(ROOT, 'src', `${m}.rs`);
  const ok = edgesOf([[src('verifier'), 'use crate::keys::KeySet;'], [src('keys'), ''], [src('guard'), 'use crate::verifier::Verifier;']]);
  if (problems(ok).length !== 0) throw new Error('self-test: a clean graph was refused');
  const back = edgesOf([[src('verifier'), 'use crate::guard::Guard;'], [src('guard'), '']]);
  if (!problems(back).some((p) => p.includes('lower layer'))) throw new Error('self-test: a back-edge was not found');
  const loop = edgesOf([[src('routes'), 'crate::account::X'], [src('account'), 'crate::routes::Y']]);
  if (!problems(loop).some((p) => p.startsWith('cycle'))) throw new Error('self-test: a cycle was not found');
  const tested = edgesOf([[src('verifier'), 'fn f() {}\n#[cfg(test)]\nmod tests { use crate::guard::Guard; }'], [src('guard'), '']]);
  if (problems(tested).length !== 0) throw new Error('self-test: test code was counted');
  console.log('check-layers self-test: ok');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  selfTest();
  const uses = edgesOf(sources(join(ROOT, 'src')));
  const found = problems(uses);
  for (const p of found) console.error(`check-layers: ${p}`);
  if (found.length) process.exit(1);
  const count = (i) => LAYERS[i][1].filter((m) => uses.has(m)).length;
  console.log(`check-layers: ${uses.size} modules in ${LAYERS.map(([n], i) => `${n} ${count(i)}`).join(', ')}; no back-edge, no cycle`);
}
