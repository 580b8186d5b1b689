// README.md says only what the package does: its first lines are the two commands, its error
// table is DESIGN.md's and index.d.ts's, its config table lists exactly the fields of
// GuardConfig and each one is a field the Guard knows, and every JS example parses.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { Guard } from "tollgate";
import { ROOT, cleanup, runOk, tempDir } from "./helpers.mjs";

after(cleanup);

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const dts = readFileSync(join(ROOT, "pkg/index.d.ts"), "utf8");
const design = readFileSync(join(ROOT, "docs/design.md"), "utf8");

/** Rows `| \`name\` | cell | …` of the markdown table that follows `heading`. */
function tableAfter(text, heading) {
  const start = text.indexOf(heading);
  assert.ok(start >= 0, `no "${heading}" in the document`);
  const lines = text.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}
const unquote = (cell) => /^`([^`]+)`$/.exec(cell)?.[1] ?? cell;

test("the first lines are the demo and test commands", () => {
  const lines = readme.split("\n");
  assert.equal(lines[0], "# tollgate");
  assert.match(lines.slice(1, 8).join("\n"), /```\nbash scripts\/demo\.sh[^\n]*\nbash scripts\/test\.sh[^\n]*\n```/);
});

test("the error code table holds DESIGN.md's codes and statuses, and exactly index.d.ts's ErrorCode", () => {
  const ours = tableAfter(readme, "## Error codes").map(([code, status]) => [unquote(code), Number(status)]);
  const theirs = tableAfter(design, "## Error codes").map(([code, status]) => [unquote(code), Number(status)]);
  // DESIGN.md's codes are fixed; the package may add codes (documented here and in index.d.ts).
  for (const [code, status] of theirs) {
    assert.deepEqual(ours.find(([c]) => c === code), [code, status], `DESIGN.md code ${code}`);
  }
  const union = /export type ErrorCode =([^;]+);/.exec(dts)[1].match(/"([a-z_]+)"/g).map((c) => c.slice(1, -1));
  assert.deepEqual(ours.map(([code]) => code).sort(), union.sort());
});

test("the config table lists exactly GuardConfig's fields, and the Guard knows each one", () => {
  const fields = tableAfter(readme, "## Config reference").map(([field]) => unquote(field));
  const body = /export interface GuardConfig \{([\s\S]*?)\n\}/.exec(dts)[1];
  const declared = [...body.matchAll(/^ {2}([A-Za-z]+)\??:/gm)].map((m) => m[1]);
  assert.deepEqual([...fields].sort(), [...declared].sort());
  const keys = { keys: [{ kty: "oct", kid: "k", alg: "HS256", k: Buffer.alloc(32, 1).toString("base64url") }] };
  for (const field of fields.filter((f) => f !== "keys")) {
    // A value of a type no field takes: the error must name the field, not call it unknown.
    assert.throws(() => new Guard({ keys, [field]: { bogus: [1] } }), (e) => {
      assert.ok(e instanceof TypeError);
      assert.ok(e.message.startsWith(field), `${field}: ${e.message}`);
      assert.ok(!e.message.startsWith(`${field}: unknown config field`), e.message);
      return true;
    });
  }
  assert.throws(() => new Guard({ ...keys, notAField: 1 }), /notAField: unknown config field/);
});

const pkgReadme = readFileSync(join(ROOT, "pkg/README.md"), "utf8");

test("every js example (README.md, pkg/README.md) parses as a module", async () => {
  const blocks = [...(readme + pkgReadme).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 7, `only ${blocks.length} js examples`);
  const dir = tempDir("tollgate-readme-");
  for (const [i, code] of blocks.entries()) {
    const file = join(dir, `example-${i}.mjs`);
    writeFileSync(file, code);
    await runOk(process.execPath, ["--check", file]);
  }
});

test("examples import only the package's public entries", () => {
  const specifiers = [...(readme + pkgReadme).matchAll(/^import .* from "([^"]+)";/gm)].map((m) => m[1]);
  for (const s of specifiers) {
    // The wasm subpath is a public entry too (for init()); `?url` is Vite's asset-URL query.
    const entry = s.replace(/\?url$/, "");
    assert.ok(["tollgate", "tollgate/browser", "tollgate/hono", "tollgate/tollgate_bg.wasm", "hono", "jose"].includes(entry) || s.startsWith("node:"), s);
  }
});
