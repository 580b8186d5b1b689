// A grouped bar chart (SVG, log scale) of one run: one panel per runtime, one
// group per case, one bar per library. No dependencies.

const COLORS = {
  tollgate: "#1f6feb", "tollgate verifySync": "#0b3d91", "tollgate (cache)": "#56a0ff",
  "tollgate authorize": "#8250df", jose: "#d1242f", "jose (key imported once)": "#ff8182", "@tsndr/cloudflare-worker-jwt": "#bf8700", "fast-jwt": "#1a7f37", "fast-jwt (cache)": "#6fdd8b",
};
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function chartSvg(runs) {
  const libs = [...new Set(runs.flatMap(([, r]) => r.results.map((x) => x.lib)))];
  const all = runs.flatMap(([, r]) => r.results.map((x) => Math.max(x.median_us, 0.1)));
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const W = 900, left = 150, right = 70, barH = 9, gap = 8;
  const x = (us) => left + ((Math.log10(us) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (W - left - right);
  const parts = [];
  let y = 50;
  for (const [name, run] of runs) {
    parts.push(`<text x="10" y="${y}" font-weight="bold" font-size="14">${esc(name)}</text>`);
    y += 12;
    const top = y;
    for (const c of [...new Set(run.results.map((r) => r.case))]) {
      const rows = run.results.filter((r) => r.case === c);
      const h = rows.length * barH;
      parts.push(`<text x="${left - 8}" y="${y + h / 2 + 4}" text-anchor="end" font-size="11">${esc(c)}</text>`);
      for (const r of rows) {
        const w = Math.max(1, x(Math.max(r.median_us, 0.1)) - left);
        parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH - 1}" fill="${COLORS[r.lib] ?? "#888"}"><title>${esc(`${r.lib}: ${r.median_us.toFixed(2)} µs`)}</title></rect>`);
        parts.push(`<text x="${(left + w + 3).toFixed(1)}" y="${y + barH - 2}" font-size="8" fill="#444">${r.median_us < 10 ? r.median_us.toFixed(1) : r.median_us.toFixed(0)}</text>`);
        y += barH;
      }
      y += gap;
    }
    for (let v = lo; v <= hi; v *= 10) {
      parts.push(`<line x1="${x(v).toFixed(1)}" y1="${top - 4}" x2="${x(v).toFixed(1)}" y2="${y - gap}" stroke="#ccc" stroke-dasharray="2,3"/>`);
      parts.push(`<text x="${x(v).toFixed(1)}" y="${y + 4}" text-anchor="middle" font-size="10" fill="#666">${v >= 1000 ? `${v / 1000} ms` : `${v} µs`}</text>`);
    }
    y += 36;
  }
  let lx = left;
  const legend = libs.map((l) => {
    const item = `<rect x="${lx}" y="14" width="10" height="10" fill="${COLORS[l] ?? "#888"}"/><text x="${lx + 14}" y="23" font-size="11">${esc(l)}</text>`;
    lx += 24 + l.length * 6;
    return item;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" font-family="system-ui, sans-serif" role="img" aria-label="Median µs per verification, log scale">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="23" font-size="12" font-weight="bold">µs per verify (log)</text>
${legend.join("\n")}
${parts.join("\n")}
</svg>
`;
}
