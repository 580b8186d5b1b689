// Machine, versions, package size and Node cold start for BENCHMARKS.md.
//   node bench/meta.mjs start RUN_DIR   |   node bench/meta.mjs end RUN_DIR
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, type } from "node:os";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MISS_TOKENS } from "./tokens.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [phase, dir] = process.argv.slice(2);
const path = join(dir, "meta.json");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" / ");
const version = (name) => JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Fresh Node processes: import tollgate (read, compile and instantiate the wasm), build a guard, verify one HS256 and one ES256 token. */
function nodeColdStart(tokensPath, runs) {
  const script = `
    const d = JSON.parse((await import("node:fs")).readFileSync(process.argv[1], "utf8"));
    const t0 = performance.now();
    const { Guard } = await import("tollgate");
    const t1 = performance.now();
    const g = new Guard({ keys: d.jwks, issuer: d.issuer, audience: d.audience });
    const t2 = performance.now();
    const hs = g.verifySync(d.hs256.valid).ok;
    const t3 = performance.now();
    const es = (await g.verify(d.es256.valid)).ok;
    const t4 = performance.now();
    if (!hs || !es) throw new Error("cold start verify failed");
    console.log(JSON.stringify({ importMs: t1 - t0, guardMs: t2 - t1, firstHs256Ms: t3 - t2, firstEs256Ms: t4 - t3, totalMs: t4 - t0 }));`;
  const runsOut = [];
  for (let i = 0; i < runs; i++) {
    runsOut.push(JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script, resolve(tokensPath)], { cwd: ROOT, encoding: "utf8" })));
  }
  return Object.fromEntries(Object.keys(runsOut[0]).map((k) => [k, median(runsOut.map((r) => r[k]))]));
}

if (phase === "start") {
  const wasm = readFileSync(join(ROOT, "pkg/gen/tollgate_bg.wasm"));
  const dirty = git("status", "--porcelain", "--", "src", "pkg", "Cargo.toml", "Cargo.lock") ? " (with uncommitted changes)" : "";
  writeFileSync(path, JSON.stringify({
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpu: cpus()[0]?.model ?? "unknown CPU",
    cores: cpus().length,
    os: `${type()} ${release()}`,
    loadStart: load(),
    commit: `${git("rev-parse", "--short", "HEAD")}${dirty}`,
    wasm: { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length },
    missTokens: MISS_TOKENS,
    versions: [
      `Node ${process.version}`,
      `workerd ${version("workerd")}`,
      `jose ${version("jose")}`,
      `@tsndr/cloudflare-worker-jwt ${version("@tsndr/cloudflare-worker-jwt")}`,
      `fast-jwt ${version("fast-jwt")}`,
    ],
    nodeColdRuns: 7,
    nodeCold: nodeColdStart(join(dir, "tokens.json"), 7),
  }, null, 1));
} else if (phase === "end" && existsSync(path)) {
  const meta = JSON.parse(readFileSync(path, "utf8"));
  writeFileSync(path, JSON.stringify({ ...meta, loadEnd: load() }, null, 1));
}
