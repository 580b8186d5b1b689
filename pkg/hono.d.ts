// Types of `tollgate/hono`. They refer to Hono's types: install `hono` (an optional peer
// dependency of tollgate) to use this entry.
import type { Context, MiddlewareHandler } from "hono";
import type { AllowedDecision, Guard } from "./index.js";

/** What the middleware sets: `c.var.tollgate`, the allowed decision (claims, scopes, keyId, …). */
export interface TollgateVariables<C extends object = {}> {
  tollgate: AllowedDecision<C>;
}

/**
 * The Hono `Env` the middleware adds to, for `new Hono<TollgateEnv<MyClaims>>()` when it is
 * registered with `app.use` (a route handler after it gets the type by itself).
 */
export interface TollgateEnv<C extends object = {}> {
  Variables: TollgateVariables<C>;
}

/** Scopes the route requires besides its entry in the guard's route table. */
export interface TollgateOptions {
  /** All of these. A 403 names them in `WWW-Authenticate: Bearer … scope="…"`. */
  scopes?: string[];
  /** At least one of these (not empty: leave it out for no such rule). */
  anyScopes?: string[];
}

/**
 * The guard as Hono middleware: `guard.authorize` on every request (JWTs, API keys, the guard's
 * routes, `options` scopes); a refusal is answered with the guard's response (RFC 6750), an
 * allowed request continues with `c.var.tollgate` set. Throws a TypeError for bad options.
 * @example
 * const app = new Hono();
 * app.get("/bookings/:id", tollgate(guard, { scopes: ["bookings:read"] }), (c) =>
 *   c.json({ user: c.var.tollgate.claims?.sub }));
 */
export function tollgate<C extends object = {}>(
  guard: Guard<C> | ((c: Context) => Guard<C>),
  options?: TollgateOptions,
): MiddlewareHandler<TollgateEnv<C>>;
