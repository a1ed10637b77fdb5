// Prints the functions with the most self time in a .cpuprofile (and the total by package).
import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const self = new Map();
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = prof.timeDeltas;
const counts = new Map();
prof.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
const pkg = new Map();
for (const [id, t] of counts) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + t);
  const m = f.url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  const p = m ? m[1] : f.url.startsWith('file:///work/main/') ? 'app' : f.url || f.functionName;
  pkg.set(p, (pkg.get(p) ?? 0) + t);
}
const total = [...counts.values()].reduce((a, b) => a + b, 0);
const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${n}`).join('\n');
console.log('--- by package\n' + top(pkg, 25) + '\n--- by function\n' + top(self, 30));
