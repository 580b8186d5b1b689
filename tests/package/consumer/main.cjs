// CommonJS consumer: require("tollgate") (Node's require(esm); the entry has no top-level await).
const lib = require("tollgate");

Promise.all([import("./fixture.mjs"), import("./check.mjs")])
  .then(([fixture, { check }]) => check(lib, fixture.default))
  .then((summary) => console.log(JSON.stringify(summary)));
