// Starts wsgi_app.py (Python's wsgiref) as a child process and collects its records.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FALLBACK_HANDLER, HANDLERS } from "./routes.mjs";

const APP = fileURLToPath(new URL("./wsgi_app.py", import.meta.url));

/** Starts the WSGI app on 127.0.0.1; resolves to { url, records, close() }. */
export function startWsgi() {
  const records = [];
  const child = spawn("python3", [APP, JSON.stringify({ handlers: HANDLERS, fallback: FALLBACK_HANDLER })], { stdio: ["ignore", "pipe", "pipe"] });
  let buffered = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`wsgi_app.py exited ${code}: ${stderr}`)));
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (line.listening) {
          resolve({
            name: "wsgi",
            url: `http://127.0.0.1:${line.listening}`,
            records,
            close: () => new Promise((r) => { child.removeAllListeners("exit"); child.once("exit", () => r()); child.kill("SIGTERM"); }),
          });
        } else records.push(line);
      }
    });
  });
}
