// A module worker for workerd: bundled by esbuild with the "workerd" condition, so "tollgate"
// is workerd.js, which imports the wasm as a module that config.capnp lists.
import * as lib from "tollgate";
import fixture from "./fixture.mjs";
import { check } from "./check.mjs";

export default {
  async fetch() {
    return Response.json(await check(lib, fixture));
  },
};
