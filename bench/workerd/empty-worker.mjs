// Baseline for cold start: the same shape without tollgate.
import data from "tokens.json";

export default {
  async fetch() {
    return Response.json({ ok: typeof data.es256.valid === "string", firstVerifyMs: 0 });
  },
};
