// Shared by the tests/browser suites: start www/serve.mjs, raw HTTP requests.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Starts www/serve.mjs on a free port; resolves with { child, origin }. */
export function startServer(env = {}) {
  const child = spawn(process.execPath, [`${ROOT}www/serve.mjs`, "0"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`serve.mjs exited early (${code})`)));
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ child, origin: `http://127.0.0.1:${m[1]}` });
    });
  });
}

/** Raw request (no URL normalisation, unlike fetch) → { status, headers }. */
export function rawGet(origin, path, method = "GET") {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}
