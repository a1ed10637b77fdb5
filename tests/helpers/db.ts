import { randomBytes } from 'node:crypto';
import { templateName, urlFor, withAdminClient } from './pg';

/** A fresh, migrated database for one test file; drop() removes it. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `wms_t_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const template = templateName();
  await withAdminClient(async (admin) => {
    // Cloning needs the template idle; concurrent clones from other files retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (e) {
        if (attempt > 50 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return {
    url: urlFor(name),
    name,
    drop: () => withAdminClient((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
