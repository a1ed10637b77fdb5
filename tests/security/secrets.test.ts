/**
 * Secrets are never logged and never returned: passwords (login, change, user create), bearer tokens, the JWT
 * secret, the connector encryption key and credential values do not appear in what the logger writes (at
 * debug level, the error paths included) nor in any answer but the login's own token.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENCRYPTION_KEY } from '../helpers/connectors';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

const JWT_SECRET = 'jwt-secret-under-test-0123456789-abcdefghijklmnopqrstuvwxyz';
const USER_PASSWORD = 'Us3r-Pw-never-in-logs';
const NEW_PASSWORD = 'N3w-Pw-never-in-logs';
const WRONG_PASSWORD = 'Wr0ng-Pw-never-in-logs';
const CREDENTIAL = 'sk_live_never_in_logs_42';

let s: TestServer;
const written: string[] = [];
beforeAll(async () => {
  s = await startTestServer({ seed: true, env: { LOG_LEVEL: 'debug', JWT_SECRET, SENTRY_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY } });
  // capture exactly what pino writes (after redaction), from here on
  (s.app.logger as any)[pino.symbols.streamSym] = { write: (line: string) => void written.push(line) };
});
afterAll(async () => {
  await s?.close();
});

describe('secrets never logged, never returned', () => {
  it('passwords, tokens, the JWT secret, the encryption key and credential values stay out of logs and answers', async () => {
    const answers: string[] = [];
    const keep = <T extends { text: string }>(r: T) => (answers.push(r.text), r);

    const admin = await s.login('admin', ADMIN_PASSWORD);
    const created = keep(
      await s.api('POST', '/api/admin/users', {
        token: admin,
        body: { username: 'secrets1', password: USER_PASSWORD, full_name: 'S', role: 'USER', warehouse_ids: [1], allowed_functions: ['pick'] },
      }),
    );
    expect(created.status).toBe(201);
    const user = await s.login('secrets1', USER_PASSWORD);
    expect(keep(await s.api('POST', '/api/auth/login', { body: { username: 'secrets1', password: WRONG_PASSWORD } })).status).toBe(401);
    expect(keep(await s.api('POST', '/api/auth/login', { rawBody: `{"username": "secrets1", "password": "${WRONG_PASSWORD}"`, headers: { 'content-type': 'application/json' } })).status).toBeLessThan(500);
    const changed = keep(await s.api('POST', '/api/auth/change-password', { token: user, body: { current_password: USER_PASSWORD, new_password: NEW_PASSWORD } }));
    expect(changed.status).toBe(200);
    const gqlWrong = await s.gql('mutation L($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { session { token } } }', { u: 'secrets1', p: WRONG_PASSWORD });
    answers.push(JSON.stringify(gqlWrong));
    expect(gqlWrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const saved = keep(
      await s.api('POST', '/api/admin/connectors/example/credentials', {
        token: admin,
        body: { warehouse_id: 1, credentials: { base_url: 'https://api.example.com', api_key: CREDENTIAL } },
      }),
    );
    expect(saved.status).toBe(200);
    keep(await s.api('GET', '/api/admin/connectors/example/credentials?warehouse_id=1', { token: admin }));
    keep(await s.api('GET', '/api/admin/users', { token: admin }));
    keep(await s.api('GET', '/api/auth/me', { token: admin }));
    answers.push(JSON.stringify(await s.gql('{ users(first: 50) { edges { node { username } } } }', {}, admin)));
    // error paths log too: a forged token, and a request the REST adapter fails on (logged at error level)
    keep(await s.api('GET', '/api/auth/me', { token: `${admin.slice(0, -4)}AAAA` }));
    keep(await s.api('GET', '/api/admin/users?page=2147483648', { token: admin }));
    await new Promise((r) => setTimeout(r, 50)); // request lines are written on 'close'

    const logs = written.join('');
    // the capture works: request lines of these calls are there, with the user ids
    expect(written.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(10);
    expect(logs).toContain('/api/auth/change-password');
    for (const secret of [ADMIN_PASSWORD, USER_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, CREDENTIAL, JWT_SECRET, TEST_ENCRYPTION_KEY, admin, user, admin.split('.')[2], user.split('.')[2]]) {
      expect(logs.includes(secret), `logged: ${secret.slice(0, 12)}...`).toBe(false);
    }
    const said = answers.join('\n');
    for (const secret of [USER_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, CREDENTIAL, JWT_SECRET, TEST_ENCRYPTION_KEY]) {
      expect(said.includes(secret), `answered: ${secret.slice(0, 12)}...`).toBe(false);
    }
    expect(said).not.toMatch(/\$2[aby]\$\d\d\$/); // no bcrypt hash
    expect(said).not.toMatch(/password_?hash/i);
  });
});
