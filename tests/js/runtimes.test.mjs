// The package loads and verifies in Deno and Bun too (npm packages `deno` and `bun`
// in devDependencies). Each runtime runs runtime-check/check.mjs, which prints one
// JSON line; the expectations come from fixtures.json. A missing binary is a visible
// skip, never a pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fx } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHECK = fileURLToPath(new URL('./runtime-check/check.mjs', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

const LABELS = ['hs256-valid', 'es256-valid', 'tampered-payload', 'es256-der-signature', 'alg-none', 'expired', 'insufficient-scope'];
const expected = LABELS.map((label) => {
  const t = fx.tokens.find((x) => x.label === label);
  return t.expected.result === 'accept'
    ? { label, ok: true, alg: t.alg, scopes: t.expected.scopes }
    : { label, ok: false, code: t.expected.code, status: t.expected.code === 'insufficient_scope' ? 403 : 401 };
});

function runCheck(command, args) {
  const r = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
  });
  assert.equal(r.error, undefined, `${command}: ${r.error}`);
  assert.equal(r.status, 0, `${command} ${args.join(' ')} exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1);
  return JSON.parse(line);
}

function assertOutput(out, runtime, spec) {
  assert.equal(out.runtime, runtime, 'the script really ran in this runtime');
  assert.equal(out.spec, spec);
  assert.deepEqual(out.results.map((x) => ({ ...x, scopes: x.scopes && [...x.scopes].sort() })),
    expected.map((x) => ({ ...x, scopes: x.scopes && [...x.scopes].sort() })));
  assert.equal(out.configError?.type, 'TypeError');
  assert.match(out.configError.message, /keys\[0\]\.k/);
  assert.equal(out.decodedSub, fx.tokens[0].claims.sub);
}

const RUNTIMES = [
  ['node', process.execPath, [CHECK], 'tollgate'],
  ['deno', bin('deno'), ['run', '--no-lock', '--allow-read', CHECK], 'tollgate'],
  ['deno', bin('deno'), ['run', '--no-lock', '--allow-read', CHECK, '../../../pkg/node.js'], '../../../pkg/node.js'], // path-check: data (relative to runtime-check/check.mjs)
  ['bun', bin('bun'), [CHECK], 'tollgate'],
];

for (const [runtime, command, args, spec] of RUNTIMES) {
  test(`${runtime} loads the package (${spec}) and verifies HS256, ES256 and rejected tokens`, (t) => {
    if (!existsSync(command)) {
      t.skip(`${runtime} binary not found at ${command}; run scripts/setup.sh (npm package "${runtime}")`);
      return;
    }
    assertOutput(runCheck(command, args), runtime, spec);
  });
}
