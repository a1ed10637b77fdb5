/**
 * Benchmark (not a test): imports 5000 items in one POST /api/admin/import/items and prints the duration.
 * Usage: npm run bench:import   (needs the test PostgreSQL the vitest global setup uses)
 */
import { startTestServer } from '../tests/helpers/server';
import setup from '../tests/helpers/global-setup';

const COUNT = 5000;

async function main() {
  await setup(); // the migrated template database the test server clones
  const s = await startTestServer({ seed: true });
  try {
    const token = await s.adminToken();
    const records = Array.from({ length: COUNT }, (_, i) => ({
      sku: `BENCH-${i}`, name: `Bench item ${i}`, upc: `7${String(i).padStart(11, '0')}`, default_bin: 'A-01-01', quantity: '3',
    }));
    const started = performance.now();
    const r = await s.api('POST', '/api/admin/import/items', { token, body: { records } });
    const ms = performance.now() - started;
    console.log(`import of ${COUNT} items: HTTP ${r.status}, imported ${r.body?.imported}, ${ms.toFixed(0)} ms`);
    if (r.status !== 200 || r.body?.imported !== COUNT) process.exitCode = 1;
  } finally {
    await s.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
