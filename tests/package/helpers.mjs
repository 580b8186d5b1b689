// Helpers of the package suite: pack pkg/ with npm, install the tarball into a fresh consumer
// project under the OS temp dir (no registry: the package has no dependencies), write the
// fixture keys and tokens, and run commands with a time limit. Not a test file itself.
import { execFile, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PKG = join(ROOT, "pkg");
export const bin = (name) => join(ROOT, "node_modules/.bin", name);
const HERE = fileURLToPath(new URL(".", import.meta.url));

/** Runs a command; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
export function run(command, args, { cwd, env = {}, timeout = 120_000 } = {}) {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, timeout, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr, signal: err?.signal ?? null });
    });
  });
}

/** Throws with the command's output unless it exited 0; returns stdout. */
export async function runOk(command, args, options) {
  const r = await run(command, args, options);
  if (r.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${r.code}${r.signal ? ` (${r.signal})` : ""}:\n${r.stdout}\n${r.stderr}`.slice(0, 6000));
  }
  return r.stdout;
}

/** A fresh temp dir; `cleanup()` removes every dir made here. */
const made = [];
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export function cleanup() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `npm pack` of pkg/ into a temp dir: { tarball, size, files: [{ path, size }] }. */
export async function pack() {
  const dest = tempDir("tollgate-pack-");
  const out = await runOk("npm", ["pack", "--json", "--pack-destination", dest], { cwd: PKG });
  const [info] = JSON.parse(out);
  return { tarball: join(dest, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.files };
}

/**
 * A consumer project (`type: module`) with the tarball installed from the file alone, plus
 * check.mjs and fixture.mjs. Returns its directory.
 */
export async function consumer(tarball) {
  const dir = tempDir("tollgate-consumer-");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "tollgate-consumer", private: true, type: "module" }));
  await runOk("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"], { cwd: dir });
  cpSync(join(HERE, "consumer"), dir, { recursive: true });
  writeFileSync(join(dir, "fixture.mjs"), `export default ${JSON.stringify(makeFixture(), null, 2)};\n`);
  return dir;
}

const b64u = (x) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x)).toString("base64url");

function makeFixture() {
  const now = 1767225600;
  const issuer = "https://auth.booking.example";
  const audience = "bookings-api";
  const secret = Buffer.alloc(32, 7);
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { x, y } = ec.publicKey.export({ format: "jwk" });
  const jwks = {
    keys: [
      { kty: "oct", kid: "hs-1", alg: "HS256", k: secret.toString("base64url") },
      { kty: "EC", crv: "P-256", kid: "es-1", alg: "ES256", x, y },
    ],
  };
  const claims = (sub) => ({ iss: issuer, aud: audience, sub, iat: now - 60, exp: now + 600, scope: "bookings:read" });
  const hsInput = `${b64u({ alg: "HS256", typ: "JWT", kid: "hs-1" })}.${b64u(claims("user-hs"))}`;
  const hs256 = `${hsInput}.${createHmac("sha256", secret).update(hsInput).digest("base64url")}`;
  const esInput = `${b64u({ alg: "ES256", typ: "JWT", kid: "es-1" })}.${b64u(claims("user-es"))}`;
  const esSig = sign("sha256", Buffer.from(esInput), { key: ec.privateKey, dsaEncoding: "ieee-p1363" });
  const es256 = `${esInput}.${esSig.toString("base64url")}`;
  // The same header and signature over other claims: the signature must not hold.
  const tampered = `${b64u({ alg: "HS256", typ: "JWT", kid: "hs-1" })}.${b64u(claims("admin"))}.${hs256.split(".")[2]}`;
  return { now, issuer, audience, jwks, tokens: { hs256, es256, tampered } };
}

/** What check.mjs must report for the fixture, in every runtime. */
export function expectedSummary() {
  return {
    hs256: { ok: true, sub: "user-hs", alg: "HS256", kid: "hs-1", scopes: ["bookings:read"] },
    es256: { ok: true, sub: "user-es", alg: "ES256", kid: "es-1", scopes: ["bookings:read"] },
    tampered: { ok: false, code: "signature_invalid", status: 401 },
    expired: "token_expired",
    missingScope: { ok: false, code: "insufficient_scope", status: 403 },
    decodedSub: "user-hs",
    authorize: {
      allowed: { ok: true, status: 200, subject: "user-es" },
      refused: { ok: false, status: 401, code: "token_missing" },
      response: { status: 401, error: "token_missing", messageMatchesDecision: true, challenge: 'Bearer realm="bookings"', cacheControl: "no-store", contentType: "application/json; charset=utf-8" },
    },
    configError: { type: "TypeError", namesField: true, echoesKey: false },
  };
}

export function mkdirp(path) {
  mkdirSync(path, { recursive: true });
  return path;
}

/**
 * Starts `workerd serve` on a free port that workerd picks itself (the config listens on
 * 127.0.0.1:0 and --socket-fd is avoided: the port is read from --control-fd's "listen" event).
 */
export async function serveWorkerd(config) {
  const child = spawn(bin("workerd"), ["serve", config, "--control-fd=3"], {
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const port = await new Promise((resolve, reject) => {
    let control = "";
    child.stdio[3].on("data", (chunk) => {
      control += chunk;
      for (const line of control.split("\n").slice(0, -1)) {
        const event = JSON.parse(line);
        if (event.event === "listen" && event.socket === "http") resolve(event.port);
      }
    });
    child.once("exit", (code) => reject(new Error(`workerd exited ${code}:\n${output}`)));
    setTimeout(() => reject(new Error(`workerd did not listen within 30 s:\n${output}`)), 30_000).unref();
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };
  return { port, stop, child, output: () => output };
}
