// A Hono app guarded by tollgate/hono, the same module in workerd, Node, Deno and Bun:
//   - /bookings/*: the guard's route table (bookings:read to GET, bookings:write to POST), API
//     keys, CORS preflights let through by `corsPreflight` to Hono's cors() after the guard;
//   - /reports: a guard without routes and per-route scopes in Hono (reports:read);
//   - /health: public in the route table.
// `keys` and `apiKeys` come from the caller (the test mints fresh tokens for them).
import { Hono } from "hono";
import { cors } from "hono/cors";
import { Guard } from "tollgate";
import { tollgate } from "tollgate/hono";

export function makeApp({ keys, apiKeys }) {
  const policy = { keys, issuer: "https://auth.booking.example", audience: "bookings-api", realm: "bookings" };
  const routed = new Guard({
    ...policy,
    apiKeys,
    corsPreflight: true,
    routes: [
      { method: "GET", path: "/health", public: true },
      { method: "GET", path: "/bookings/:id", scopes: ["bookings:read"] },
      { method: "POST", path: "/bookings", scopes: ["bookings:write"] },
    ],
  });
  const plain = new Guard(policy);

  const app = new Hono();
  app.use("/bookings/*", tollgate(routed));
  app.use("/bookings/*", cors({ origin: "https://app.booking.example", allowHeaders: ["Authorization"] }));
  app.use("/health", tollgate(routed));
  app.get("/health", (c) => c.json({ ok: true, credential: c.var.tollgate.credential ?? null }));
  app.get("/bookings/:id", (c) => {
    const t = c.var.tollgate;
    return c.json({ id: c.req.param("id"), sub: t.claims?.sub, companyId: t.claims?.companyId ?? null, credential: t.credential, keyId: t.keyId, scopes: t.scopes });
  });
  app.post("/bookings", (c) => c.json({ created: true, sub: c.var.tollgate.claims?.sub }, 201));
  // Per-route scopes with a guard that has no routes: the scope check and its 403 are the guard's.
  app.get("/reports", tollgate((c) => plain, { scopes: ["reports:read"] }), (c) => c.json({ report: true, sub: c.var.tollgate.claims.sub }));
  return app;
}
