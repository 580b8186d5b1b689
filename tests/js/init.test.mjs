// The browser entry before and after init(), run in a fresh Node process that imports only
// `tollgate/browser` (as a bundled page would): Guard and decode throw an Error that says to call
// init() instead of failing inside the generated glue; init() then loads the wasm from bytes,
// a second call is the same promise, and every entry's default export is an init() to await.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(code) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `exited ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

test('tollgate/browser without init(): Guard and decode say to call init(); after it they work', () => {
  const out = run(`
    import { readFileSync } from 'node:fs';
    import init, { Guard, decode } from 'tollgate/browser';
    const attempt = (f) => { try { f(); return null; } catch (e) { return { type: e.constructor.name, message: e.message }; } };
    const before = {
      guard: attempt(() => new Guard({ keys: { keys: [] } })),
      decode: attempt(() => decode('a.b.c')),
    };
    const bytes = readFileSync(new URL(import.meta.resolve('tollgate/tollgate_bg.wasm')));
    const first = init(bytes);
    const same = init() === first;
    await first;
    const guard = attempt(() => new Guard({ keys: { keys: [{ kty: 'oct', kid: 'k', alg: 'HS256', k: Buffer.alloc(32, 1).toString('base64url') }] } }));
    console.log(JSON.stringify({ before, same, guard, decoded: decode('a.b.c').ok }));
  `);
  for (const failure of [out.before.guard, out.before.decode]) {
    assert.equal(failure.type, 'Error');
    assert.match(failure.message, /^tollgate: the WebAssembly module is not loaded yet\. In a browser, call init\(\)/);
    assert.match(failure.message, /await init\(\);/);
    assert.doesNotMatch(failure.message, /__wbindgen/);
  }
  assert.equal(out.same, true);
  assert.equal(out.guard, null);
  assert.equal(out.decoded, false);
});

test('a failed init() (a wrong URL) rejects and may be retried', () => {
  const out = run(`
    import { readFileSync } from 'node:fs';
    import init, { decode } from 'tollgate/browser';
    let failed = null;
    try { await init(new Response('not wasm', { headers: { 'content-type': 'text/html' } })); } catch (e) { failed = e.constructor.name; }
    await init(readFileSync(new URL(import.meta.resolve('tollgate/tollgate_bg.wasm'))));
    console.log(JSON.stringify({ failed, decoded: decode('a.b.c').ok }));
  `);
  assert.ok(out.failed, 'the bad source was refused');
  assert.equal(out.decoded, false);
});

test('the default export of "tollgate" (Node) is an init() that resolves at once', () => {
  const out = run(`
    import init, { Guard } from 'tollgate';
    const r = await init();
    new Guard({ keys: { keys: [{ kty: 'oct', kid: 'k', alg: 'HS256', k: Buffer.alloc(32, 1).toString('base64url') }] } });
    console.log(JSON.stringify({ type: typeof init, r: r === undefined }));
  `);
  assert.deepEqual(out, { type: 'function', r: true });
});
