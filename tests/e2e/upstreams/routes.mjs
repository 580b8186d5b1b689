// The booking API's handlers, as each real upstream server registers them (Hono, Express,
// Python WSGI): the methods and path patterns of examples/booking-worker/policy.js, plus a
// catch-all that serves whatever no other handler takes. Every upstream records which of its
// handlers ran for each request (by the X-Test-Id header) and the identity headers it saw.

/** `{ name, method, path }` in registration order; `path` uses `:param` as Hono and Express do. */
export const HANDLERS = [
  { name: "health", method: "GET", path: "/health" },
  { name: "bookings.list", method: "GET", path: "/bookings" },
  { name: "bookings.get", method: "GET", path: "/bookings/:id" },
  { name: "bookings.create", method: "POST", path: "/bookings" },
  { name: "bookings.delete", method: "DELETE", path: "/bookings/:id" },
  { name: "customers", method: "GET", path: "/customers" },
  { name: "events", method: "GET", path: "/events-register" },
  { name: "profile", method: "PUT", path: "/profile" },
  { name: "invoices", method: "GET", path: "/invoices" },
];

/** The handler that serves everything else. */
export const FALLBACK_HANDLER = "fallback";

/** Header names (folded: lower case, `_` as `-`) whose values an upstream reports. */
export const WATCHED = ["x-auth-", "x-company-id", "x-account-id", "x-http-method-override", "x-http-method", "x-method-override", "x-original-url", "x-rewrite-url"];

export const fold = (name) => name.toLowerCase().replaceAll("_", "-");

/** The watched headers of a Node `req.headers` object, as `[folded name, raw name, value]`. */
export function watchedHeaders(headers) {
  return Object.entries(headers)
    .filter(([name]) => WATCHED.some((w) => (w.endsWith("-") ? fold(name).startsWith(w) : fold(name) === w)))
    .map(([name, value]) => [fold(name), name, String(value)]);
}
