// A real Express app (Express 5 defaults): case-insensitive routes, a trailing slash ignored,
// routes matched on the path as sent (parameters decoded afterwards). Records which handler ran.
import express from "express";
import { FALLBACK_HANDLER, HANDLERS, watchedHeaders } from "./routes.mjs";

/** Starts the app on 127.0.0.1; resolves to { url, records, close() }. */
export function startExpress() {
  const records = [];
  const app = express();
  const record = (name) => (req, res) => {
    records.push({ id: req.get("x-test-id") ?? null, handler: name, method: req.method, path: req.path, identity: watchedHeaders(req.headers) });
    res.json({ handler: name });
  };
  for (const h of HANDLERS) app[h.method.toLowerCase()](h.path, record(h.name));
  app.use(record(FALLBACK_HANDLER));
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ name: "express", url: `http://127.0.0.1:${port}`, records, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }) });
    });
  });
}
