# workerd config of the package test: the bundled worker and the package's wasm beside it.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "tollgate_bg.wasm", wasm = embed "tollgate_bg.wasm"),
  ],
  compatibilityDate = "2026-10-01",
);
