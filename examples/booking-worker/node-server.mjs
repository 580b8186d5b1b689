// The booking worker under Node: a tiny node:http adapter around worker.js's fetch handler.
//   UPSTREAM_URL=http://127.0.0.1:8788 KEYS_FILE=keys.json PORT=8787 node node-server.mjs
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import worker from "./worker.js";
import { announce, listenPort, runtimeEnv } from "./runtime-env.mjs";

/** Serves `handler(request, env)` on 127.0.0.1:port; resolves to the http.Server once listening. */
export function serveNode(handler, env, port) {
  const server = createServer(async (req, res) => {
    try {
      const response = await handler(toRequest(req), env);
      res.writeHead(response.status, [...response.headers].flat());
      if (response.body) for await (const chunk of response.body) res.write(chunk);
      res.end();
    } catch {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

/** A fetch Request from an IncomingMessage. rawHeaders keeps repeated headers (Node would
 * drop a second Authorization), so two credentials reach the guard as two. */
function toRequest(req) {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const url = new URL(req.url, `http://${req.headers.host || "127.0.0.1"}`);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: "half",
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await serveNode(worker.fetch, runtimeEnv(), listenPort());
  announce("node", server.address().port);
}
