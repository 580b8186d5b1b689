// DOM rendering. Everything goes through textContent / createElement, never
// innerHTML, so pasted tokens cannot inject markup.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "data") Object.assign(node.dataset, v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

/** Pretty-printed, syntax-coloured JSON. */
export function renderJson(target, value, fallbackText) {
  target.replaceChildren();
  if (value === undefined) {
    target.append(el("span", { class: "j-muted", text: fallbackText ?? "—" }));
    return;
  }
  const json = JSON.stringify(value, null, 2);
  const re = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  let last = 0;
  for (const m of json.matchAll(re)) {
    target.append(json.slice(last, m.index));
    if (m[1] && m[2]) target.append(el("span", { class: "j-key", text: m[1] }), m[2]);
    else if (m[1]) target.append(el("span", { class: "j-str", text: m[1] }));
    else if (m[3]) target.append(el("span", { class: "j-lit", text: m[3] }));
    else target.append(el("span", { class: "j-num", text: m[4] }));
    last = m.index + m[0].length;
  }
  target.append(json.slice(last));
}

const pad = (n) => String(n).padStart(2, "0");
export function utc(sec) {
  const d = new Date(sec * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}
export function local(sec) {
  return new Date(sec * 1000).toLocaleString(undefined, {
    weekday: "short", year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
  });
}

const join = (a, ua, b, ub) => (b ? `${a} ${ua} ${b} ${ub}` : `${a} ${ua}`);

/** "in 59 min", "2 h 5 min ago", "now". */
export function relative(sec, now) {
  const d = Math.round(sec - now);
  const a = Math.abs(d);
  if (a < 1) return "now";
  let s;
  if (a < 60) s = `${a} s`;
  else if (a < 3600) s = `${Math.round(a / 60)} min`;
  else if (a < 86400) s = join(Math.floor(a / 3600), "h", Math.round((a % 3600) / 60), "min");
  else s = join(Math.floor(a / 86400), "d", Math.round((a % 86400) / 3600), "h");
  return d > 0 ? `in ${s}` : `${s} ago`;
}

const DATE_CLAIMS = [
  ["iat", "issued at"],
  ["nbf", "not before"],
  ["exp", "expires"],
];

export function renderDates(tbody, claims, now) {
  tbody.replaceChildren();
  for (const [name, what] of DATE_CLAIMS) {
    const v = claims?.[name];
    if (v === undefined) continue;
    const head = el("th", { scope: "row" }, el("code", { text: name }), el("span", { class: "what", text: what }));
    if (typeof v !== "number" || !Number.isFinite(v)) {
      tbody.append(el("tr", {}, head, el("td", { colspan: "2", class: "bad", text: `not a number: ${JSON.stringify(v)}` })));
      continue;
    }
    tbody.append(
      el("tr", {}, head,
        el("td", {}, el("span", { text: local(v) }), el("span", { class: "rel", text: relative(v, now) })),
        el("td", {}, el("span", { text: utc(v) }), el("span", { class: "raw", text: String(v) }))),
    );
  }
  if (!tbody.children.length) {
    tbody.append(el("tr", {}, el("td", { colspan: "3", class: "muted", text: "No iat, nbf or exp claim." })));
  }
}

export function renderChips(list, have, required) {
  list.replaceChildren();
  const haveSet = new Set(have);
  const chip = (name, kind, note) =>
    el("li", { class: `chip ${kind}`, data: { scope: name, kind } },
      el("span", { class: "chip-icon", "aria-hidden": "true", text: { granted: "✓", missing: "✗", extra: "•" }[kind] }),
      el("span", { text: name }),
      note ? el("span", { class: "sr-only", text: ` (${note})` }) : null);
  for (const s of have) list.append(chip(s, required.includes(s) ? "granted" : "extra", required.includes(s) ? "required, present" : "present"));
  for (const s of required) if (!haveSet.has(s)) list.append(chip(s, "missing", "required, missing"));
  if (!list.children.length) list.append(el("li", { class: "muted", text: "No scopes in this token and none required." }));
}

const STATE_TEXT = { pass: "passed", fail: "failed", skip: "not checked" };

export function renderChecklist(list, items, details) {
  list.replaceChildren();
  for (const it of items) {
    const body = el("div", { class: "step-body" },
      el("div", { class: "step-title" },
        el("span", { text: it.title }),
        el("span", { class: `badge ${it.state}`, text: STATE_TEXT[it.state] })),
      el("p", { class: "step-what", text: it.state === "pass" && details[it.id] ? details[it.id] : it.what }));
    if (it.state === "fail") {
      const parts = [
        el("p", { class: "step-error" },
          el("code", { class: "code", text: it.error.code }),
          el("span", { class: "status-code", text: ` HTTP ${it.error.status}` }),
          it.error.message ? el("span", { class: "pkg-msg", text: ` · ${it.error.message}` }) : null),
        it.found ? el("p", { class: "found", text: it.found }) : null,
        el("p", { class: "meaning", text: it.help.meaning }),
        el("p", { class: "fix" }, el("strong", { text: "Fix: " }), it.help.fix),
      ];
      body.append(...parts.filter(Boolean));
    }
    const icon = el("span", { class: "step-icon", "aria-hidden": "true", text: { pass: "✓", fail: "✗", skip: "–" }[it.state] });
    list.append(el("li", { class: `step ${it.state}`, data: { step: String(it.id), state: it.state } }, icon, body));
  }
}
