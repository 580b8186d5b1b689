#!/usr/bin/env node
// Tiny static server for the tollgate demo page. No dependencies.
//
//   node www/serve.mjs [port]        (or PORT=8788 node www/serve.mjs)
//   node www/serve.mjs --check 0     serve once on a free port, fetch the page
//                                    and the package, report, exit
//
// Serves www/ at / and the package folder pkg/ at /pkg/, bound to 127.0.0.1
// only, with a strict Content-Security-Policy. Port 0 picks a free port; the
// first line printed is always "tollgate demo: http://127.0.0.1:<port>/".
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const WWW = dirname(fileURLToPath(import.meta.url));
// TOLLGATE_PKG_DIR lets a developer point /pkg/ at another build of the package.
const PKG = resolve(process.env.TOLLGATE_PKG_DIR || resolve(WWW, "..", "pkg"));
const HOST = "127.0.0.1";
const DEFAULT_PORT = 8788;

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

const BASE_HEADERS = {
  "Content-Security-Policy": CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cache-Control": "no-cache",
};

/** Maps a URL path to a file inside www/ or pkg/, or null when it escapes. */
export function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const parts = decoded.split("/");
  if (parts.some((p) => p === ".." || (p.startsWith(".") && p.length > 0))) return null;
  let root = WWW;
  let rest = decoded;
  if (decoded === "/pkg" || decoded.startsWith("/pkg/")) {
    root = PKG;
    rest = decoded.slice(4);
  }
  if (rest === "" || rest.endsWith("/")) rest += "index.html";
  const file = resolve(join(root, rest));
  return file.startsWith(root + sep) ? file : null;
}

function send(res, status, body, type = "text/plain; charset=utf-8") {
  res.writeHead(status, { ...BASE_HEADERS, "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

async function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, 405, "method not allowed\n");
  }
  const path = new URL(req.url, `http://${HOST}`).pathname;
  const file = resolvePath(path);
  if (!file) return send(res, 403, "forbidden\n");
  try {
    const info = await stat(file);
    if (!info.isFile()) return send(res, 404, "not found\n");
    const body = await readFile(file);
    res.writeHead(200, {
      ...BASE_HEADERS,
      "Content-Type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": body.length,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    send(res, 404, "not found\n");
  }
}

/** Starts the server; resolves with the bound port. */
export function start(port = DEFAULT_PORT) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, "internal error\n"));
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, HOST, () => ok({ server, port: server.address().port }));
  });
}

function portFromArgs() {
  const arg = process.argv.slice(2).find((a) => /^(--port=)?\d+$/.test(a));
  const raw = arg ? arg.replace("--port=", "") : process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: invalid port ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return port;
}

/** --check: fetch the page and the package once, print what came back, stop. */
async function selfCheck(server, port) {
  const paths = ["/", "/app.js", "/style.css", "/pkg/browser.js", "/pkg/gen/tollgate.js", "/pkg/gen/tollgate_bg.wasm"];
  let bad = 0;
  for (const p of paths) {
    const res = await fetch(`http://${HOST}:${port}${p}`);
    const size = (await res.arrayBuffer()).byteLength;
    const csp = res.headers.get("content-security-policy") === CSP;
    if (res.status !== 200 || !csp) bad++;
    console.log(`  ${res.status} ${p.padEnd(28)} ${res.headers.get("content-type")}, ${size} bytes${csp ? "" : ", CSP MISSING"}`);
  }
  server.close();
  if (bad) {
    console.error(`serve.mjs --check: ${bad} of ${paths.length} files not served correctly (is the package built?)`);
    process.exit(1);
  }
  console.log(`serve.mjs --check: ${paths.length} files served with their MIME type and the CSP header`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { server, port } = await start(portFromArgs());
  console.log(`tollgate demo: http://${HOST}:${port}/`);
  if (process.argv.includes("--check")) await selfCheck(server, port);
  else for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));
}
