// The validity-window timeline: now against [nbf or iat, exp], with the clock
// tolerance drawn as a hatched margin on both ends.
import { el, relative } from "./render.js";

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const hhmm = (sec) => new Date(sec * 1000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

function place(node, pct) {
  node.style.left = `${pct}%`;
  if (pct < 12) node.classList.add("edge-start");
  else if (pct > 88) node.classList.add("edge-end");
  return node;
}

/** Window state with tollgate's rules: expired when exp + tol <= now, early when nbf - tol > now. */
export function windowState(claims, now, tol) {
  const nbf = num(claims?.nbf);
  const exp = num(claims?.exp);
  if (exp !== undefined && exp + tol <= now) return "expired";
  if (nbf !== undefined && nbf - tol > now) return "early";
  return exp === undefined ? "open" : "valid";
}

function summary(state, claims, now) {
  if (state === "expired") return `Expired ${relative(claims.exp, now)}.`;
  if (state === "early") return `Not valid yet: starts ${relative(claims.nbf, now)}.`;
  if (state === "open") return "No exp claim: the token never expires (tollgate requires exp by default).";
  return `Within its validity window: expires ${relative(claims.exp, now)}.`;
}

export function renderTimeline(box, claims, now, tol) {
  box.replaceChildren();
  if (!claims) {
    box.append(el("p", { class: "muted", text: "Paste a token to see its validity window." }));
    return;
  }
  const iat = num(claims.iat);
  const nbf = num(claims.nbf);
  const exp = num(claims.exp);
  const state = windowState(claims, now, tol);
  box.dataset.state = state;
  box.append(el("p", { class: `tl-summary ${state}`, text: summary(state, claims, now) }));
  if (exp === undefined) return;

  const start = nbf ?? iat ?? Math.min(exp, now);
  const lo0 = Math.min(start - tol, now, exp);
  const hi0 = Math.max(exp + tol, now);
  const margin = Math.max(hi0 - lo0, 60) * 0.1;
  const lo = lo0 - margin;
  const pct = (t) => ((t - lo) / (hi0 + margin - lo)) * 100;

  const track = el("div", { class: "tl-track" });
  const win = el("div", { class: `tl-window ${state}` });
  win.style.left = `${pct(start)}%`;
  win.style.width = `${pct(exp) - pct(start)}%`;
  track.append(win);
  if (tol > 0) {
    for (const [a, b] of [[start - tol, start], [exp, exp + tol]]) {
      const t = el("div", { class: "tl-tol", title: `clock tolerance ${tol} s` });
      t.style.left = `${pct(a)}%`;
      t.style.width = `${pct(b) - pct(a)}%`;
      track.append(t);
    }
  }

  const marks = [];
  if (iat !== undefined && iat === nbf) marks.push(["iat · nbf", iat]);
  else {
    if (iat !== undefined) marks.push(["iat", iat]);
    if (nbf !== undefined) marks.push(["nbf", nbf]);
  }
  marks.push(["exp", exp]);
  marks.sort((a, b) => a[1] - b[1]);

  const line = el("div", { class: "tl", role: "img", "aria-label": summary(state, claims, now) });
  line.append(place(el("div", { class: "tl-now-label", text: `now ${hhmm(now)}` }), pct(now)), track);
  for (const [name, t] of marks) {
    line.append(place(el("div", { class: "tl-tick" }), pct(t)));
    line.append(place(el("div", { class: "tl-label" }, el("code", { text: name }), ` ${hhmm(t)}`), pct(t)));
  }
  line.append(place(el("div", { class: "tl-now" }), pct(now)));
  box.append(line);
  unstack(line);
}

/** Moves a claim label to the second row when it would overlap the previous one. */
function unstack(line) {
  const right = [-Infinity, -Infinity];
  for (const label of line.querySelectorAll(".tl-label")) {
    const r = label.getBoundingClientRect();
    const row = r.left >= right[0] + 8 ? 0 : 1;
    label.classList.toggle("row1", row === 1);
    right[row] = r.right;
  }
}
