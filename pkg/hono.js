// tollgate/hono: the guard as Hono middleware. It imports nothing from Hono (Hono is an optional
// peer dependency, never bundled here): a Hono middleware is a function (c, next).
//
//   app.use(tollgate(guard));                                       // the guard's route table decides
//   app.get("/reports", tollgate(guard, { scopes: ["reports:read"] }), (c) => c.var.tollgate.claims);
//
// Every request goes through guard.authorize: JWTs and API keys, the route table (when the guard
// has one), the scopes given here on top, and on refusal the guard's own answer (RFC 6750 status,
// WWW-Authenticate with scope="…" on 403, the configured error body). An allowed decision is
// c.var.tollgate.
import { scopeList } from "./src/options.js";

/**
 * @param {import("./index.js").Guard | ((c: unknown) => import("./index.js").Guard)} guard
 *   the guard, or a function of the Hono context giving it (e.g. built from `c.env` once)
 * @param {{ scopes?: string[], anyScopes?: string[] }} [options] scopes this route requires
 *   besides its route in the guard's table: all of `scopes`, one of `anyScopes`
 */
export function tollgate(guard, options = {}) {
  const guardOf = guardSource(guard);
  if (options === null || typeof options !== "object") throw new TypeError("options: must be an object");
  for (const name of Object.keys(options)) {
    if (name !== "scopes" && name !== "anyScopes") throw new TypeError(`options.${name}: unknown option (scopes, anyScopes)`);
  }
  const demand = {
    scopes: [...scopeList(options.scopes, "options.scopes")],
    // Absent stays absent: an empty anyScopes is refused (no rule), so none is passed on.
    anyScopes: options.anyScopes === undefined ? undefined : [...scopeList(options.anyScopes, "options.anyScopes", true)],
  };
  return async function tollgateMiddleware(c, next) {
    const decision = await guardOf(c).authorize(c.req.raw, demand);
    if (!decision.ok) return decision.response();
    c.set("tollgate", decision);
    await next();
  };
}

function guardSource(guard) {
  if (guard !== null && typeof guard === "object" && typeof guard.authorize === "function") return () => guard;
  if (typeof guard === "function") {
    return (c) => {
      const built = guard(c);
      if (built === null || typeof built !== "object" || typeof built.authorize !== "function") {
        throw new TypeError("tollgate(guard): the guard function must return a Guard");
      }
      return built;
    };
  }
  throw new TypeError("tollgate(guard): guard must be a Guard or a function (c) => Guard");
}
