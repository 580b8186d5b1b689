// The worker's `env` outside workerd (Node, Deno, Bun), from process environment variables:
//   UPSTREAM_URL  base URL of the booking API (required)
//   KEYS_FILE     path of the JWK Set JSON (default: dist/keys.json beside this file)
//   PORT          port to listen on, on 127.0.0.1 (default 8787; 0 picks a free one)
import process from "node:process";
import { readFileSync } from "node:fs";

export function runtimeEnv() {
  const keysFile = process.env.KEYS_FILE || new URL("./dist/keys.json", import.meta.url);
  return {
    KEYS: readFileSync(keysFile, "utf8"),
    UPSTREAM_URL: process.env.UPSTREAM_URL,
  };
}

export function listenPort() {
  return Number(process.env.PORT ?? 8787);
}

/** The line test harnesses and demo scripts wait for. */
export function announce(runtime, port) {
  console.log(`booking worker (${runtime}) listening on http://127.0.0.1:${port}`);
}
