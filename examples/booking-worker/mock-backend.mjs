// A local stand-in for the booking API behind the guard. It records every request it
// receives (method, path, headers, body) so tests can check what the worker forwarded.
//
//   node mock-backend.mjs [--port 8788]      # prints "mock backend listening on http://127.0.0.1:PORT"
//
// Control endpoints (never reachable through the worker, which forwards routed paths only):
//   GET    /__mock/requests   → the recorded requests, oldest first
//   DELETE /__mock/requests   → clears the record
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

/** Collections besides /bookings that GET lists (empty). */
const LISTS = ["customers", "events-register", "invoices"];

/** Starts the mock booking API on 127.0.0.1. Resolves to { url, port, requests, close() }. */
export function startMockBackend({ port = 0, host = "127.0.0.1" } = {}) {
  const requests = [];
  const bookings = new Map([["1", { id: "1", owner: "user-1", room: "101", nights: 2 }]]);
  let nextId = 2;

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url, "http://backend.invalid");
    if (url.pathname === "/__mock/requests") {
      if (req.method === "DELETE") requests.length = 0;
      return send(res, 200, req.method === "DELETE" ? { cleared: true } : requests);
    }
    requests.push({ method: req.method, path: req.url, headers: { ...req.headers }, body });
    const identity = { subject: req.headers["x-auth-subject"] ?? null, scopes: req.headers["x-auth-scopes"] ?? null };
    const [, first, id, extra] = url.pathname.split("/");
    if (first === "health" && id === undefined) return send(res, 200, { status: "ok" });
    // The other resources of the booking API: listed (GET) or, for the profile, replaced (PUT).
    if (LISTS.includes(first) && id === undefined && req.method === "GET") return send(res, 200, { [first]: [], identity });
    if (first === "profile" && id === undefined && req.method === "PUT") return send(res, 200, { profile: parseJson(body), identity });
    if (first !== "bookings" || extra !== undefined) return send(res, 404, { error: "no such resource" });
    if (id === undefined && req.method === "GET") return send(res, 200, { bookings: [...bookings.values()], identity });
    if (id === undefined && req.method === "POST") {
      const booking = { ...parseJson(body), id: String(nextId++), owner: identity.subject };
      bookings.set(booking.id, booking);
      return send(res, 201, { booking, identity });
    }
    if (!bookings.has(id)) return send(res, 404, { error: "no such booking" });
    if (req.method === "GET" || req.method === "HEAD") return send(res, 200, { booking: bookings.get(id), identity });
    if (req.method === "DELETE") {
      bookings.delete(id);
      return send(res, 200, { deleted: id, identity });
    }
    return send(res, 405, { error: "method not allowed" });
  });
  server.keepAliveTimeout = 5000;

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        requests,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
      });
    });
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function send(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : 8788;
  const backend = await startMockBackend({ port });
  console.log(`mock backend listening on ${backend.url}`);
  const stop = () => backend.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
