// The www/ demo page in real headless Chromium (Debian `chromium` + playwright-core).
// Starts www/serve.mjs on a free port, clicks every sample token and checks the
// verification checklist the page derives from the real tollgate package.
// Screenshots go to out/screenshots/ (git-ignored).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startServer } from "./helpers.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const SHOTS = `${ROOT}out/screenshots`;
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let chromium = null;
let skip = false;
if (!existsSync(CHROMIUM)) {
  skip = `${CHROMIUM} is missing; install it with \`bash scripts/setup.sh --browser\` (Debian package chromium)`;
} else {
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    skip = "playwright-core is not installed; run `bash scripts/setup.sh`";
  }
}
if (skip) console.log(`# browser demo tests skipped: ${skip}`);

// sample → [states of steps 1..6, error code or null, HTTP status]
const P = "pass", F = "fail", S = "skip";
const EXPECTED = {
  hs256: [[P, P, P, P, P, P], null],
  es256: [[P, P, P, P, P, P], null],
  expired: [[P, P, P, P, F, S], "token_expired", 401],
  audience: [[P, P, P, P, F, S], "claim_invalid", 401],
  scope: [[P, P, P, P, P, F], "insufficient_scope", 403],
  tampered: [[P, P, P, F, S, S], "signature_invalid", 401],
  none: [[P, F, S, S, S, S], "alg_not_allowed", 401],
};

async function readChecklist(page) {
  await page.waitForSelector("body:not([data-busy])"); // guard.verify resolves asynchronously
  return page.$$eval("#checklist li", (lis) => lis.map((li) => ({
    step: li.dataset.step,
    state: li.dataset.state,
    code: li.querySelector(".code")?.textContent ?? null,
    fix: li.querySelector(".fix")?.textContent ?? "",
  })));
}

async function clickSample(page, name) {
  await page.click(`button[data-sample="${name}"]`);
  await page.waitForSelector(`body[data-loaded-sample="${name}"]`);
}

describe("www demo page", { skip }, () => {
  let server, browser, context, page;
  const requests = [];
  const problems = [];

  before(async () => {
    const pkgDir = process.env.TOLLGATE_PKG_DIR || `${ROOT}pkg`; // same override as serve.mjs
    assert.ok(existsSync(`${pkgDir}/browser.js`) && existsSync(`${pkgDir}/gen/tollgate_bg.wasm`),
      "the package is not built: run `bash scripts/build.sh` first");
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    // A zone away from UTC, so the screenshots show local and UTC times apart.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Berlin" });
    context.on("request", (r) => requests.push(r.url()));
    page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`${server.origin}/`);
    await page.waitForSelector("body[data-ready]");
  });

  after(async () => {
    await browser?.close();
    server?.child.kill();
  });

  test("page loads the package and starts with a verified sample", async () => {
    assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#status"));
    assert.match(await page.textContent("#privacy"), /Nothing leaves this page/);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(await page.$$eval("script:not([src])", (s) => s.length), 0, "no inline scripts");
  });

  for (const [name, [states, code, status]] of Object.entries(EXPECTED)) {
    test(`sample ${name}: checklist ${states.join(",")}${code ? ` (${code})` : ""}`, async () => {
      await clickSample(page, name);
      const items = await readChecklist(page);
      assert.deepEqual(items.map((i) => i.state), states);
      const failed = items.filter((i) => i.state === "fail");
      const verdict = await page.textContent("#verdict");
      if (!code) {
        assert.equal(failed.length, 0);
        assert.equal(await page.getAttribute("#verdict", "data-ok"), "true");
        assert.match(verdict, /Accepted/);
        assert.ok(await page.$(".chip.granted"), "the required scope is shown as granted");
      } else {
        assert.equal(failed.length, 1);
        assert.equal(failed[0].code, code);
        assert.match(failed[0].fix, /^Fix: \S/);
        assert.equal(await page.getAttribute("#verdict", "data-ok"), "false");
        assert.match(verdict, new RegExp(`${status} ${code}`));
      }
      assert.equal(await page.getAttribute("#trust", "data-ok"), String(!code), "decoded values marked (un)verified");
      if (name === "scope") assert.ok(await page.$('.chip.missing[data-scope="bookings:read"]'));
      if (name === "expired") assert.equal(await page.getAttribute("#timeline", "data-state"), "expired");
      await page.screenshot({ path: `${SHOTS}/desktop-${name}.png`, fullPage: true });
    });
  }

  test("decoded claims and dates are shown", async () => {
    await clickSample(page, "es256");
    const claims = JSON.parse(await page.textContent("#claims-json"));
    assert.equal(claims.aud, "bookings-api");
    const header = JSON.parse(await page.textContent("#header-json"));
    assert.equal(header.alg, "ES256");
    assert.match(header.kid, /^demo-es-/);
    const rows = await page.$$eval("#dates tbody tr", (trs) => trs.map((tr) => tr.textContent));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => / UTC/.test(r)), rows.join("\n"));
    const jwks = JSON.parse(await page.inputValue("#jwks"));
    const ec = jwks.keys.find((k) => k.kty === "EC");
    assert.deepEqual(Object.keys(ec).sort(), ["alg", "crv", "kid", "kty", "use", "x", "y"]);
    assert.equal(ec.use, "sig");
  });

  test("keyboard: a sample button works with Enter", async () => {
    await page.focus('button[data-sample="tampered"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('body[data-loaded-sample="tampered"]');
    const items = await readChecklist(page);
    assert.equal(items.find((i) => i.state === "fail")?.code, "signature_invalid");
  });

  test("keyboard: the skip link is the first stop and leads to the result", async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "card-check");
  });

  test("works offline: samples are signed and verified without the network", async () => {
    await page.waitForLoadState("networkidle"); // e.g. the favicon after the reload above
    await context.setOffline(true);
    try {
      await clickSample(page, "audience");
      const items = await readChecklist(page);
      assert.equal(items.find((i) => i.state === "fail")?.code, "claim_invalid");
    } finally {
      await context.setOffline(false);
    }
  });

  test("pasted tokens: token_malformed is placed at the structure, header or claims step", async () => {
    const fx = JSON.parse(readFileSync(`${ROOT}tests/vectors/fixtures.json`, "utf8"));
    const token = (label) => fx.tokens.find((t) => t.label === label).token;
    await page.fill("#jwks", JSON.stringify(fx.jwks));
    await page.fill("#issuer", fx.verifier.issuer);
    await page.fill("#audience", fx.verifier.audience);
    const cases = [
      ["not.a-token", [F, S, S, S, S, S], "token_malformed"],
      [token("malformed-padded-signature"), [F, S, S, S, S, S], "token_malformed"],
      [token("duplicate-header-alg"), [P, F, S, S, S, S], "token_malformed"],
      [token("duplicate-claim"), [P, P, P, P, F, S], "token_malformed"],
      [token("unknown-kid"), [P, P, F, S, S, S], "key_not_found"],
      [token("alg-hs256-with-ec-kid"), [P, P, F, S, S, S], "alg_not_allowed"],
      [token("crit-unknown"), [P, F, S, S, S, S], "crit_unsupported"],
    ];
    for (const [tok, states, code] of cases) {
      await page.fill("#token", tok);
      await page.click("#verify");
      const items = await readChecklist(page);
      assert.deepEqual(items.map((i) => i.state), states, `${tok.slice(0, 40)}…`);
      assert.equal(items.find((i) => i.state === "fail").code, code);
    }
    assert.equal(await page.inputValue("#jwks-pick"), "custom");
  });

  test("pasted RFC 7515 A.3 token (no kid): the Require kid switch decides step 3", async () => {
    const rfc = JSON.parse(readFileSync(`${ROOT}tests/vectors/rfc_examples.json`, "utf8"));
    const a3 = rfc.examples.find((e) => e.id === "rfc7515-a3-es256");
    await page.fill("#jwks", JSON.stringify({ keys: [a3.jwk_for_guard] }));
    await page.fill("#issuer", "");
    await page.fill("#audience", "");
    await page.fill("#scopes", "");
    await page.fill("#token", a3.token);
    await page.check("#require-kid");
    await page.click("#verify");
    let items = await readChecklist(page);
    assert.deepEqual(items.map((i) => i.state), [P, P, F, S, S, S]);
    assert.equal(items[2].code, "key_not_found");
    assert.match(await page.textContent('#checklist li[data-step="3"] .found'), /no kid/);
    await page.uncheck("#require-kid");
    await page.click("#verify");
    items = await readChecklist(page);
    assert.deepEqual(items.map((i) => i.state), [P, P, P, P, F, S], "signature holds, the 2011 exp does not");
    assert.equal(items[4].code, "token_expired");
    await page.click("#reset-policy");
    assert.equal(await page.isChecked("#require-kid"), true);
  });

  test("bad key set: the Guard's TypeError is shown, nothing is checked", async () => {
    await clickSample(page, "hs256");
    await page.fill("#jwks", JSON.stringify({ keys: [{ kty: "oct", kid: "short", alg: "HS256", use: "sig", k: "c2hvcnQ" }] }));
    await page.click("#verify");
    await page.waitForSelector("#config-error:not([hidden])");
    assert.match(await page.textContent("#config-error"), /keys\[0\]\.k/);
    assert.match(await page.textContent("#verdict"), /Not checked/);
    assert.deepEqual((await readChecklist(page)).map((i) => i.state), [S, S, S, S, S, S]);
  });

  test("phone width: no horizontal overflow", async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
      timezoneId: "America/New_York",
    });
    phone.on("request", (r) => requests.push(r.url()));
    const p = await phone.newPage();
    await p.goto(`${server.origin}/`);
    await p.waitForSelector('body[data-ready="true"]');
    for (const name of ["hs256", "expired"]) {
      await clickSample(p, name);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
      await p.screenshot({ path: `${SHOTS}/phone-${name}.png`, fullPage: true });
    }
    await phone.close();
  });

  test("without a built package the page says so and disables verification", async () => {
    const empty = mkdtempSync(join(tmpdir(), "tollgate-nopkg-"));
    const bare = await startServer({ TOLLGATE_PKG_DIR: empty });
    const ctx = await browser.newContext();
    try {
      const p = await ctx.newPage();
      await p.goto(`${bare.origin}/`);
      await p.waitForSelector('body[data-ready="false"]');
      assert.equal(await p.getAttribute("#status", "data-kind"), "error");
      assert.match(await p.textContent("#status"), /scripts\/build\.sh/);
      assert.equal(await p.isDisabled('button[data-sample="hs256"]'), true);
      assert.equal(await p.isDisabled("#verify"), true);
    } finally {
      await ctx.close();
      bare.child.kill();
      rmSync(empty, { recursive: true });
    }
  });

  test("no request leaves the local server, no CSP violations or page errors", () => {
    assert.ok(requests.length > 0);
    const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`));
    assert.deepEqual(foreign, []);
    assert.ok(requests.some((u) => u.endsWith("/pkg/gen/tollgate_bg.wasm")), "the wasm was fetched from /pkg/gen/");
    assert.deepEqual(problems, []);
  });
});
