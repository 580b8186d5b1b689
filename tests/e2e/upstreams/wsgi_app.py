"""A real Python WSGI app on the standard library's wsgiref server, as many small services are
written: it routes on PATH_INFO, which wsgiref percent-decodes completely (%2F included), and
reads headers from the CGI-style environ, where X-Auth-Subject and X_Auth_Subject both become
HTTP_X_AUTH_SUBJECT. It records which handler ran as one JSON line per request on stdout.

    python3 wsgi_app.py ROUTES_JSON     # prints {"listening": PORT} first
"""
import json
import re
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

WATCHED = ["x-auth-", "x-company-id", "x-account-id", "x-http-method-override", "x-http-method",
           "x-method-override", "x-original-url", "x-rewrite-url"]


def compile_routes(handlers):
    routes = []
    for h in handlers:
        pattern = "".join("/([^/]+)" if part.startswith(":") else "/" + re.escape(part)
                          for part in h["path"].strip("/").split("/"))
        routes.append((h["name"], h["method"], re.compile(pattern)))
    return routes


def watched(environ):
    out = []
    for key, value in environ.items():
        if not key.startswith("HTTP_"):
            continue
        folded = key[5:].lower().replace("_", "-")
        if any(folded.startswith(w) if w.endswith("-") else folded == w for w in WATCHED):
            out.append([folded, key, value])
    return out


def app_for(routes, fallback):
    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ["REQUEST_METHOD"]
        name = next((n for n, m, rx in routes if m == method and rx.fullmatch(path)), fallback)
        record = {"id": environ.get("HTTP_X_TEST_ID"), "handler": name, "method": method,
                  "path": path, "identity": watched(environ)}
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()
        body = json.dumps({"handler": name}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    return app


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main():
    spec = json.loads(sys.argv[1])
    server = make_server("127.0.0.1", 0, app_for(compile_routes(spec["handlers"]), spec["fallback"]),
                         server_class=Server, handler_class=QuietHandler)
    sys.stdout.write(json.dumps({"listening": server.server_address[1]}) + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
