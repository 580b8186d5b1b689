// tollgate demo page: wires inputs, the tollgate package and the renderers.
import { inspect, tokenScopes } from "./jwt.js";
import { checklist, failDetail } from "./steps.js";
import { DEMO_POLICY, SAMPLES, demoJwks, makeDemoKeys } from "./samples.js";
import { el, renderChecklist, renderChips, renderDates, renderJson, relative } from "./render.js";
import { renderTimeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const ui = {
  status: $("status"), token: $("token"), tokenMeta: $("token-meta"), jwks: $("jwks"), pick: $("jwks-pick"),
  issuer: $("issuer"), audience: $("audience"), scopes: $("scopes"), tolerance: $("tolerance"), requireKid: $("require-kid"),
  verify: $("verify"), resetPolicy: $("reset-policy"), regen: $("regen"), configError: $("config-error"),
  verdict: $("verdict"), checklist: $("checklist"), timeline: $("timeline"), dates: $("dates").tBodies[0],
  chips: $("chips"), header: $("header-json"), claims: $("claims-json"), trust: $("trust"),
};
const DEFAULT_ALGS = ["HS256", "ES256"];
let pkg = null;
let keys = null;

const requiredScopes = () => ui.scopes.value.split(/[\s,]+/).filter(Boolean);
const audiences = () => ui.audience.value.split(",").map((s) => s.trim()).filter(Boolean);
const tolerance = () => (ui.tolerance.value.trim() === "" ? 0 : Number(ui.tolerance.value));

function setStatus(text, kind = "info") {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
}

function setPolicy(p) {
  ui.issuer.value = p.issuer;
  ui.audience.value = p.audience;
  ui.scopes.value = p.scopes;
  ui.tolerance.value = p.tolerance;
  ui.requireKid.checked = p.requireKid;
}

function fillJwks(which) {
  ui.pick.value = which;
  ui.jwks.value = JSON.stringify(demoJwks(keys, which), null, 2);
}

/** Guard config from the form; a JWKS that is not JSON is reported like a config error. */
function buildConfig() {
  let jwks;
  try {
    jwks = JSON.parse(ui.jwks.value);
  } catch (e) {
    throw new TypeError(`keys: the key set is not valid JSON (${e.message})`);
  }
  const config = { keys: jwks, clockTolerance: tolerance() };
  if (!ui.requireKid.checked) config.requireKid = false;
  if (ui.issuer.value.trim()) config.issuer = ui.issuer.value.trim();
  const aud = audiences();
  if (aud.length) config.audience = aud.length === 1 ? aud[0] : aud;
  return config;
}

/** The Guard for this config, compiled once per distinct config (the wasm side holds it). */
let cached = { json: null, guard: null };
function guardFor(config) {
  const json = JSON.stringify(config);
  if (cached.json !== json) cached = { json, guard: new pkg.Guard(config) };
  return cached.guard;
}

function keyFor(kid) {
  try {
    return JSON.parse(ui.jwks.value).keys.find((k) => k.kid === kid);
  } catch {
    return undefined;
  }
}

/** One-line descriptions of what each step found, shown when it passed. */
function passDetails(info, header, claims, now) {
  const alg = header?.alg;
  const key = keyFor(header?.kid);
  const req = requiredScopes();
  const checked = ["exp", "nbf", "iat", "iss", "aud"].filter((c) => claims?.[c] !== undefined);
  return {
    1: `${info.bytes} bytes, three segments, strict base64url.`,
    2: `alg ${alg} is allowed${header?.typ ? `, typ ${header.typ}` : ""}, no crit.`,
    3: `kid "${header?.kid}" selects the ${key?.kty ?? "?"} key bound to ${key?.alg ?? alg}.`,
    4: alg === "ES256"
      ? "ECDSA P-256 / SHA-256 signature (64-byte R‖S) verifies."
      : "HMAC-SHA256 matches (constant-time compare).",
    5: `${checked.join(", ") || "claims"} hold${claims?.exp !== undefined ? `; expires ${relative(claims.exp, now)}` : ""}.`,
    6: req.length ? `Token carries ${req.join(", ")}.` : "No scopes required by the policy.",
  };
}

function renderVerdict(result) {
  ui.verdict.replaceChildren();
  if (!result) {
    ui.verdict.dataset.ok = "";
    if (!ui.configError.hidden) ui.verdict.append(el("span", { text: "Not checked · see the policy error" }));
    return;
  }
  ui.verdict.dataset.ok = String(result.ok);
  ui.verdict.append(result.ok
    ? el("span", { text: "Accepted" })
    : el("span", { text: `Rejected · ${result.error.status} ${result.error.code}` }));
}

/** Counts runs: an answer that arrives after a newer run started is not shown. */
let runs = 0;

async function run() {
  const run = ++runs;
  document.body.dataset.busy = "true";
  try {
    await check(run);
  } finally {
    if (run === runs) delete document.body.dataset.busy;
  }
}

async function check(run) {
  const token = ui.token.value.trim();
  const now = Math.floor(Date.now() / 1000);
  const info = inspect(token, pkg?.decode);
  const shown = token ? { header: info.header ?? undefined, claims: info.claims ?? undefined } : {};
  ui.tokenMeta.textContent = token ? `${info.bytes} bytes · ${info.segments} segment${info.segments === 1 ? "" : "s"}` : "";

  renderJson(ui.header, shown.header, token ? "Header could not be decoded." : "No token yet.");
  renderJson(ui.claims, shown.claims, token ? "Claims could not be decoded." : "No token yet.");
  renderDates(ui.dates, shown.claims, now);
  renderChips(ui.chips, tokenScopes(shown.claims), requiredScopes());
  renderTimeline(ui.timeline, shown.claims, now, Number.isFinite(tolerance()) ? tolerance() : 0);

  let result = null;
  ui.configError.hidden = true;
  if (pkg && token) {
    try {
      result = await guardFor(buildConfig()).verify(token, { scopes: requiredScopes(), now });
    } catch (e) {
      ui.configError.textContent = `Policy or key set rejected: ${e.message}`;
      ui.configError.hidden = false;
    }
  }
  if (run !== runs) return;
  const header = result?.ok ? result.header : shown.header;
  const items = checklist(result, info, DEFAULT_ALGS);
  for (const it of items) {
    if (it.state !== "fail") continue;
    it.found = failDetail(it.error.code, {
      header, claims: shown.claims, issuer: ui.issuer.value.trim(), audience: audiences(),
      required: requiredScopes(), have: tokenScopes(shown.claims), ago: (t) => relative(t, now),
    });
  }
  renderChecklist(ui.checklist, items, passDetails(info, header, shown.claims, now));
  renderVerdict(result);
  ui.trust.dataset.ok = String(Boolean(result?.ok));
  ui.trust.textContent = !token ? "" : result?.ok ? "verified" : "not verified: do not trust these values";
}

const READY = "tollgate package loaded; verification runs in WebAssembly inside this page.";
let timer = 0;
const schedule = () => {
  if (pkg) setStatus(READY, "ok");
  clearTimeout(timer);
  timer = setTimeout(run, 120);
};

async function loadSample(name) {
  document.body.dataset.loadedSample = "";
  const sample = SAMPLES[name];
  fillJwks("demo");
  setPolicy(DEMO_POLICY);
  ui.token.value = await sample.make(keys, Math.floor(Date.now() / 1000));
  await run();
  document.body.dataset.loadedSample = name;
  setStatus(`Loaded sample “${sample.label}”. Expected: ${sample.expect ?? "accepted"}.`);
}

async function regenerate() {
  keys = await makeDemoKeys();
  fillJwks("demo");
  await run();
}

async function loadPackage() {
  try {
    const mod = await import("/pkg/browser.js");
    await mod.default();
    if (typeof mod.Guard !== "function") throw new Error("Guard export missing");
    pkg = mod;
    return true;
  } catch (e) {
    setStatus(`Could not load the tollgate package from /pkg/browser.js (${e.message}). ` +
      "Build it with `bash scripts/build.sh` and serve the page with `node www/serve.mjs`.", "error");
    return false;
  }
}

function wire() {
  for (const b of document.querySelectorAll("button.sample")) {
    b.addEventListener("click", async () => {
      await loadSample(b.dataset.sample);
      // One column (phones): the result sits below the token, so bring it into view.
      if (matchMedia("(max-width: 900px)").matches) $("card-check").scrollIntoView({ block: "start" });
    });
  }
  ui.token.addEventListener("input", schedule);
  ui.jwks.addEventListener("input", () => {
    ui.pick.value = "custom";
    schedule();
  });
  ui.pick.addEventListener("change", () => {
    if (ui.pick.value !== "custom") fillJwks(ui.pick.value);
    run();
  });
  for (const f of [ui.issuer, ui.audience, ui.scopes, ui.tolerance]) f.addEventListener("input", schedule);
  ui.requireKid.addEventListener("change", schedule);
  ui.verify.addEventListener("click", run);
  // The timeline places its labels by measuring them; lay it out again on resize.
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  ui.resetPolicy.addEventListener("click", () => {
    setPolicy(DEMO_POLICY);
    run();
  });
  ui.regen.addEventListener("click", async () => {
    await regenerate();
    setStatus("New demo keys generated; earlier sample tokens no longer verify.");
  });
}

async function main() {
  wire();
  setPolicy(DEMO_POLICY);
  keys = await makeDemoKeys();
  fillJwks("demo");
  const ok = await loadPackage();
  for (const b of document.querySelectorAll("button.sample, #verify")) b.disabled = !ok;
  if (ok) {
    await loadSample("hs256");
    setStatus(READY, "ok");
  } else {
    await run();
  }
  document.body.dataset.ready = String(ok);
}

main();
