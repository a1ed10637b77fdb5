import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction, type Journal } from '../../src/db/tx';
import { Prisma } from '../../src/db';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

/** The audit chain's trigger takes this transaction-level advisory lock (prisma/migrations/..._init). */
const chainLockHeld = (tx: Prisma.TransactionClient) =>
  tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_locks
    WHERE locktype = 'advisory' AND objid = 1463895364 AND pid = pg_backend_pid()`.then((r) => r[0].n > 0);

const audit = (userId: string, n = 1) => ({ actionType: 'TEST', entityType: 'TEST', entityId: n, userId, warehouseId: null, details: { n } });

describe('withTransaction journal', () => {
  it('writes the outbox and audit rows after the work, in the same transaction, the audit rows last', async () => {
    const p = s.app.prisma;
    const seen = await withTransaction(p, async (tx, journal) => {
      journal.audit(audit('journal-1'));
      journal.event({ topic: 'test.journal', warehouseId: null, payload: { n: 1 } });
      // work after the entries were added: the audit chain's lock is not taken yet, nothing is written yet
      await tx.$executeRaw`INSERT INTO app_settings (key, value) VALUES ('journal_test', 'x')`;
      return {
        lock: await chainLockHeld(tx),
        audits: await tx.auditLog.count({ where: { userId: 'journal-1' } }),
        events: await tx.eventOutbox.count({ where: { topic: 'test.journal' } }),
      };
    });
    expect(seen).toEqual({ lock: false, audits: 0, events: 0 });
    const rows = await p.auditLog.findMany({ where: { userId: 'journal-1' } });
    expect(rows.map((r) => [r.actionType, r.details])).toEqual([['TEST', { n: 1 }]]);
    expect(await p.eventOutbox.count({ where: { topic: 'test.journal' } })).toBe(1);
    expect((await p.appSetting.findUnique({ where: { key: 'journal_test' } }))?.value).toBe('x');
    expect((await s.gql('{ auditLogVerify }', {}, await s.adminToken())).data).toEqual({ auditLogVerify: null });
  });

  it('runs journal changes before the outbox and audit rows, in one statement', async () => {
    const p = s.app.prisma;
    await withTransaction(p, async (_tx, journal) => {
      journal.change(Prisma.sql`INSERT INTO app_settings (key, value) VALUES ('journal_change', 'y')`);
      journal.event({ topic: 'test.journal_change', warehouseId: null, payload: {} });
      journal.audit(audit('journal-2'));
    });
    expect((await p.appSetting.findUnique({ where: { key: 'journal_change' } }))?.value).toBe('y');
    expect(await p.auditLog.count({ where: { userId: 'journal-2' } })).toBe(1);
    expect(await p.eventOutbox.count({ where: { topic: 'test.journal_change' } })).toBe(1);
  });

  it('writes nothing when the work fails, and refuses entries after the body returned', async () => {
    const p = s.app.prisma;
    await expect(
      withTransaction(p, async (tx, journal) => {
        journal.audit(audit('journal-3'));
        journal.event({ topic: 'test.journal_failed', warehouseId: null, payload: {} });
        await tx.$executeRaw`INSERT INTO app_settings (key, value) VALUES ('journal_failed', 'z')`;
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await p.auditLog.count({ where: { userId: 'journal-3' } })).toBe(0);
    expect(await p.eventOutbox.count({ where: { topic: 'test.journal_failed' } })).toBe(0);
    expect(await p.appSetting.findUnique({ where: { key: 'journal_failed' } })).toBeNull();

    let kept: Journal | undefined;
    await withTransaction(p, async (_tx, journal) => {
      kept = journal;
    });
    expect(() => kept!.audit(audit('journal-4'))).toThrow(/after the transaction body returned/);
    expect(await p.auditLog.count({ where: { userId: 'journal-4' } })).toBe(0);
  });
});
