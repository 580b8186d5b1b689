// The worker's `env` outside workerd (Node, Deno, Bun), from process environment variables:
//   UPSTREAM_URL  base URL of the booking API (required)
//   KEYS_FILE     path of the JWK Set JSON (default: dist/keys.json beside this file)
//   API_KEYS_FILE path of the apiKeys list (default: dist/api-keys.json when it exists, else none)
//   ERROR_FORMAT, TOKEN_KID, FALLBACK   as in config.capnp (optional)
//   PORT          port to listen on, on 127.0.0.1 (default 8787; 0 picks a free one)
import process from "node:process";
import { existsSync, readFileSync } from "node:fs";

export function runtimeEnv() {
  const keysFile = process.env.KEYS_FILE || new URL("./dist/keys.json", import.meta.url);
  const fallback = new URL("./dist/api-keys.json", import.meta.url);
  const apiKeysFile = process.env.API_KEYS_FILE || (existsSync(fallback) ? fallback : undefined);
  return {
    KEYS: readFileSync(keysFile, "utf8"),
    API_KEYS: apiKeysFile ? readFileSync(apiKeysFile, "utf8") : undefined,
    UPSTREAM_URL: process.env.UPSTREAM_URL,
    ERROR_FORMAT: process.env.ERROR_FORMAT || undefined,
    TOKEN_KID: process.env.TOKEN_KID || undefined,
    FALLBACK: process.env.FALLBACK || undefined,
  };
}

export function listenPort() {
  return Number(process.env.PORT ?? 8787);
}

/** The line test harnesses and demo scripts wait for. */
export function announce(runtime, port) {
  console.log(`booking worker (${runtime}) listening on http://127.0.0.1:${port}`);
}
