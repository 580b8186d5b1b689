// A real Hono app on Node (@hono/node-server) in front of nothing: it records which handler ran.
// Hono's defaults: case-sensitive, strict about trailing slashes, the path percent-decoded
// before routing (`/%62ookings/1` is `/bookings/1`).
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { FALLBACK_HANDLER, HANDLERS, watchedHeaders } from "./routes.mjs";

/** Starts the app on 127.0.0.1; resolves to { url, records, close() }. */
export function startHono() {
  const records = [];
  const app = new Hono();
  const record = (name) => (c) => {
    const headers = Object.fromEntries(c.req.raw.headers);
    records.push({ id: c.req.header("x-test-id") ?? null, handler: name, method: c.req.method, path: c.req.path, identity: watchedHeaders(headers) });
    return c.json({ handler: name });
  };
  for (const h of HANDLERS) app.on(h.method, h.path, record(h.name));
  app.all("*", record(FALLBACK_HANDLER));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      resolve({ name: "hono", url: `http://127.0.0.1:${info.port}`, records, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
