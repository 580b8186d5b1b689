// One version everywhere: the Rust crate (Cargo.toml, and Cargo.lock's record of it), the npm
// package (pkg/package.json, and package-lock.json's record of the file:./pkg link) and the top
// release entry of CHANGELOG.md.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./helpers.mjs";

const read = (path) => readFileSync(join(ROOT, path), "utf8");
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** `version` of the [package] table of Cargo.toml. */
function cargoVersion() {
  const table = read("Cargo.toml").split(/^\[/m).find((t) => t.startsWith("package]"));
  return /^version\s*=\s*"([^"]+)"/m.exec(table ?? "")?.[1];
}

/** The version Cargo.lock records for the tollgate crate itself. */
function cargoLockVersion() {
  return /\[\[package\]\]\nname = "tollgate"\nversion = "([^"]+)"/.exec(read("Cargo.lock"))?.[1];
}

/** The first `## [x.y.z]` heading of CHANGELOG.md (an `## [Unreleased]` section may sit above it). */
function changelogVersion() {
  for (const [, name] of read("CHANGELOG.md").matchAll(/^## \[([^\]]+)\]/gm)) {
    if (name.toLowerCase() !== "unreleased") return name;
  }
  return undefined;
}

test("Cargo.toml, pkg/package.json and the CHANGELOG name the same version", () => {
  const crate = cargoVersion();
  assert.match(crate ?? "", SEMVER, "Cargo.toml [package] version");
  assert.equal(JSON.parse(read("pkg/package.json")).version, crate, "pkg/package.json version");
  assert.equal(changelogVersion(), crate, "top release entry of CHANGELOG.md");
});

test("the lock files agree with the manifests", () => {
  assert.equal(cargoLockVersion(), cargoVersion(), "Cargo.lock entry of tollgate (run cargo build)");
  const lock = JSON.parse(read("package-lock.json"));
  assert.equal(lock.packages?.pkg?.version, JSON.parse(read("pkg/package.json")).version, "package-lock.json packages.pkg (run npm install)");
});

test("every CHANGELOG release heading is `## [x.y.z] - YYYY-MM-DD` or `- Unreleased`, newest first", () => {
  const headings = [...read("CHANGELOG.md").matchAll(/^## \[([^\]]+)\](.*)$/gm)].filter(([, n]) => n.toLowerCase() !== "unreleased");
  assert.ok(headings.length > 0, "no release entry");
  const parts = (v) => v.split(/[.-]/).slice(0, 3).map(Number);
  for (const [line, version, rest] of headings) {
    assert.match(version, SEMVER, line);
    assert.match(rest, /^ - (\d{4}-\d{2}-\d{2}|Unreleased)$/, line);
  }
  for (let i = 1; i < headings.length; i++) {
    const [a, b] = [parts(headings[i - 1][1]), parts(headings[i][1])];
    assert.ok(a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2]))), `${headings[i - 1][1]} must be newer than ${headings[i][1]}`);
  }
});
