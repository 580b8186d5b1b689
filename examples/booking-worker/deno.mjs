// The booking worker under Deno:
//   UPSTREAM_URL=… KEYS_FILE=… PORT=8787 deno run --allow-net=127.0.0.1 --allow-env --allow-read deno.mjs
import worker from "./worker.js";
import { announce, listenPort, runtimeEnv } from "./runtime-env.mjs";

const env = runtimeEnv();
Deno.serve(
  { hostname: "127.0.0.1", port: listenPort(), onListen: ({ port }) => announce("deno", port) },
  (request) => worker.fetch(request, env),
);
