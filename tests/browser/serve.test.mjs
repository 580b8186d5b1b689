// www/serve.mjs: MIME types, CSP header, loopback only, no path traversal.
// Needs no browser; needs the built package (bash scripts/build.sh).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT, rawGet, startServer } from "./helpers.mjs";
import { CSP, resolvePath } from "../../www/serve.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.child.kill());

test("serves the page, the package and the wasm with their MIME types and the CSP", async () => {
  const { origin } = server;
  const cases = [
    ["/", /^text\/html; charset=utf-8$/],
    ["/app.js", /^text\/javascript/],
    ["/style.css", /^text\/css/],
    ["/favicon.svg", /^image\/svg\+xml$/],
    ["/pkg/browser.js", /^text\/javascript/],
    ["/pkg/gen/tollgate.js", /^text\/javascript/],
    ["/pkg/gen/tollgate_bg.wasm", /^application\/wasm$/],
  ];
  for (const [path, type] of cases) {
    const r = await rawGet(origin, path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers["content-type"], type, path);
    assert.equal(r.headers["content-security-policy"], CSP, path);
    assert.equal(r.headers["x-content-type-options"], "nosniff", path);
  }
  assert.match(CSP, /default-src 'self'/);
  assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(CSP, /connect-src 'self'/);
  assert.doesNotMatch(CSP, /unsafe-inline|\*/);
});

test("refuses path traversal, dotfiles and backslashes", async () => {
  const paths = ["/../Cargo.toml", "/pkg/../Cargo.toml", "/%2e%2e/Cargo.toml", "/pkg/%2e%2e/%2e%2e/etc/passwd",
    "/..%2fCargo.toml", "/pkg/..%5c..%5cCargo.toml", "/.git/HEAD", "/pkg/%2e%2e%2fCargo.toml", "/%00", "/%E0%A4%A"];
  for (const p of paths) {
    const r = await rawGet(server.origin, p);
    assert.ok(r.status === 403 || r.status === 404, `${p} → ${r.status}`);
  }
  assert.equal(resolvePath("/../Cargo.toml"), null);
  assert.equal(resolvePath("/pkg/..%2f..%2fCargo.toml"), null);
  assert.equal(resolvePath("/"), join(ROOT, "www", "index.html"));
  assert.equal(resolvePath("/pkg/gen/tollgate_bg.wasm"), join(ROOT, "pkg", "gen", "tollgate_bg.wasm"));
  assert.equal(resolvePath("/pkgx/a.js"), join(ROOT, "www", "pkgx", "a.js"));
});

test("only GET and HEAD; unknown files are 404", async () => {
  assert.equal((await rawGet(server.origin, "/", "POST")).status, 405);
  assert.equal((await rawGet(server.origin, "/", "HEAD")).status, 200);
  assert.equal((await rawGet(server.origin, "/nope.js")).status, 404);
  assert.equal((await rawGet(server.origin, "/pkg/gen")).status, 404);
});

test("binds to 127.0.0.1 and takes its port from PORT when no argument is given", async () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  const child = spawn(process.execPath, [`${ROOT}www/serve.mjs`], { env: { ...process.env, PORT: "0" } });
  try {
    const line = await new Promise((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
      child.stdout.once("data", (d) => resolve(String(d)));
    });
    const port = Number(line.match(/127\.0\.0\.1:(\d+)\//)?.[1]);
    assert.ok(port > 0 && port !== 8788, line);
    assert.equal((await rawGet(`http://127.0.0.1:${port}`, "/")).status, 200);
  } finally {
    child.kill();
  }
});
