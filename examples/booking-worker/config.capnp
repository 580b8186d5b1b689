# workerd config for the booking worker. `node build.mjs --out DIR` bundles worker.js with
# the tollgate package into DIR and copies this file beside it; then:
#
#   UPSTREAM_URL=http://127.0.0.1:8788 node_modules/.bin/workerd serve DIR/config.capnp \
#     --socket-addr http=127.0.0.1:8787
#
# No wrangler, no account: workerd alone, listening and fetching on loopback only.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "booking-worker", worker = .bookingWorker),
    # The only network the worker may reach: the local booking backend on loopback.
    (name = "loopback", network = (allow = ["127.0.0.0/8", "::1/128"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:8787", http = (), service = "booking-worker"),
  ],
);

const bookingWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    # The package's wasm, imported statically by tollgate/workerd.js: workerd forbids
    # compiling WebAssembly from bytes at run time.
    (name = "tollgate_bg.wasm", wasm = embed "tollgate_bg.wasm"),
  ],
  compatibilityDate = "2026-10-01",
  globalOutbound = "loopback",
  bindings = [
    # The JWK Set the guard starts with (public keys and HS256 secrets); replaced at run time
    # by PUT /_tollgate/keys.
    (name = "KEYS", json = embed "keys.json"),
    # The apiKeys list (SHA-256 digests of the API keys, never the keys); replaced at run time
    # by PUT /_tollgate/api-keys.
    (name = "API_KEYS", json = embed "api-keys.json"),
    # Base URL of the booking API, e.g. http://127.0.0.1:8788.
    (name = "UPSTREAM_URL", fromEnvironment = "UPSTREAM_URL"),
    # Optional: the error body format ("rfc6750", "envelope" or "requestId") and the kid of the
    # HS256 key that signs tokens issued at POST /auth/token (default: the first HS256 key).
    (name = "ERROR_FORMAT", fromEnvironment = "ERROR_FORMAT"),
    (name = "TOKEN_KID", fromEnvironment = "TOKEN_KID"),
    # Optional: "public" or "token" puts a catch-all route /* behind the API's routes.
    (name = "FALLBACK", fromEnvironment = "FALLBACK"),
  ],
);
