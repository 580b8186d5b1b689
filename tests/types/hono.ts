// A strict TypeScript consumer of "tollgate/hono": c.var.tollgate is typed, custom claims too.
import { Hono } from "hono";
import { Guard } from "tollgate";
import { tollgate } from "tollgate/hono";
import type { TollgateEnv } from "tollgate/hono";

interface BookingClaims {
  companyId: string;
}
const guard = new Guard<BookingClaims>({ keys: { keys: [] }, routes: [{ path: "/bookings/:id", scopes: ["bookings:read"] }] });

// A handler after the middleware gets c.var.tollgate by itself.
const app = new Hono();
app.get("/bookings/:id", tollgate(guard, { scopes: ["bookings:read"] }), (c) => {
  const decision = c.var.tollgate;
  const ok: true = decision.ok;
  const company: string | undefined = decision.claims?.companyId;
  const sub: string | undefined = decision.claims?.sub;
  const keyId: string | undefined = decision.keyId;
  const preflight: true | undefined = decision.preflight;
  // @ts-expect-error companyId is a string
  const wrong: number | undefined = decision.claims?.companyId;
  return c.json({ ok, company, sub, keyId, preflight, wrong });
});

// With app.use, the app declares the variables through TollgateEnv.
const typed = new Hono<TollgateEnv<BookingClaims>>();
typed.use(tollgate(guard));
typed.use(tollgate((c) => (c.req.path.startsWith("/admin") ? guard : guard), { anyScopes: ["admin", "support"] }));
typed.get("/me", (c) => c.text(c.var.tollgate.claims?.companyId ?? ""));

// @ts-expect-error scopes are strings
tollgate(guard, { scopes: [1] });
// @ts-expect-error not an option
tollgate(guard, { scope: "bookings:read" });
// @ts-expect-error a guard is required
tollgate();

export { app, typed };
