// The booking worker under Bun:
//   UPSTREAM_URL=… KEYS_FILE=… PORT=8787 bun bun.mjs
import worker from "./worker.js";
import { announce, listenPort, runtimeEnv } from "./runtime-env.mjs";

const env = runtimeEnv();
const server = Bun.serve({ hostname: "127.0.0.1", port: listenPort(), fetch: (request) => worker.fetch(request, env) });
announce("bun", server.port);
