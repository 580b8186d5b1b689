// workerd entry for tests/hono/app.mjs: the keys and API keys come as a JSON text binding.
import { makeApp } from "./app.mjs";

let app;

export default {
  fetch(request, env, ctx) {
    app ??= makeApp(JSON.parse(env.CONFIG));
    return app.fetch(request, env, ctx);
  },
};
