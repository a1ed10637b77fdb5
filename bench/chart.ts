/** A small SVG chart of the benchmark (no browser, no dependency): throughput and p99 against concurrency. */
interface Level {
  face: string;
  concurrency: number;
  workflowsPerSec: number;
  request: { p99: number };
}

const COLORS: Record<string, string> = { sql: '#2b8a3e', rest: '#1c7ed6', graphql: '#c2255c', baseline: '#868e96' };
const LABELS: Record<string, string> = { sql: 'direct SQL', rest: 'REST', graphql: 'GraphQL', baseline: 'REST, baseline' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function panel(x0: number, title: string, yLabel: string, levels: Level[], value: (l: Level) => number): string {
  const w = 380;
  const h = 260;
  const left = x0 + 55;
  const top = 50;
  const plotW = w - 75;
  const plotH = h - 80;
  const cs = [...new Set(levels.map((l) => l.concurrency))].sort((a, b) => a - b);
  const yMax = niceMax(Math.max(...levels.map(value)) * 1.05);
  const xAt = (c: number) => left + (cs.length === 1 ? plotW / 2 : (cs.indexOf(c) / (cs.length - 1)) * plotW);
  const yAt = (v: number) => top + plotH - (v / yMax) * plotH;
  const out: string[] = [];
  out.push(`<text x="${x0 + w / 2}" y="28" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    const y = yAt(v);
    out.push(`<line x1="${left}" y1="${y}" x2="${left + plotW}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${Number(v.toFixed(1))}</text>`);
  }
  for (const c of cs) {
    out.push(`<text x="${xAt(c)}" y="${top + plotH + 16}" text-anchor="middle" font-size="11">${c}</text>`);
  }
  out.push(`<text x="${left + plotW / 2}" y="${top + plotH + 34}" text-anchor="middle" font-size="11">concurrent scanners (C)</text>`);
  out.push(`<text x="${x0 + 14}" y="${top + plotH / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 ${x0 + 14} ${top + plotH / 2})">${esc(yLabel)}</text>`);
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  for (const face of [...new Set(levels.map((l) => l.face))]) {
    const pts = levels.filter((l) => l.face === face).sort((a, b) => a.concurrency - b.concurrency);
    const color = COLORS[face] ?? '#555';
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${xAt(p.concurrency)},${yAt(value(p))}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${xAt(p.concurrency)}" cy="${yAt(value(p))}" r="3" fill="${color}"/>`);
  }
  return out.join('\n');
}

export function renderChart(report: { levels: Level[]; machine?: { cpus?: number }; generatedAt?: string }): string {
  const levels = report.levels;
  const faces = [...new Set(levels.map((l) => l.face))];
  const width = 800;
  const height = 330;
  const legend = faces
    .map((f, i) => {
      const x = 60 + i * 200;
      return `<rect x="${x}" y="${height - 26}" width="14" height="4" fill="${COLORS[f] ?? '#555'}"/><text x="${x + 20}" y="${height - 20}" font-size="12">${esc(LABELS[f] ?? f)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel(10, 'Full warehouse workflows per second', 'workflows / s', levels, (l) => l.workflowsPerSec)}
${panel(410, 'p99 request latency', 'ms', levels, (l) => l.request.p99)}
${legend}
<text x="${width - 10}" y="${height - 8}" text-anchor="end" font-size="10" fill="#666">${esc(`${report.machine?.cpus ?? '?'} cores, ${report.generatedAt ?? ''}`)}</text>
</svg>
`;
}
