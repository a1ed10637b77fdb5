import http from 'node:http';
import jwt from 'jsonwebtoken';
import { hashPassword } from '../../src/auth/password';
import type { AppServices } from '../../src/app';
import { TEST_JWT_SECRET } from './server';

let seq = 0;

/** Creates a user straight in the database (the admin users API is tested on its own). */
export async function createUser(
  app: AppServices,
  opts: { username?: string; password?: string; role?: string; warehouseIds?: number[]; allowedFunctions?: string[]; isActive?: boolean; fullName?: string } = {},
) {
  const username = opts.username ?? `user${Date.now() % 100000}_${++seq}`;
  const password = opts.password ?? 'Passw0rd!';
  const row = await app.prisma.user.create({
    data: {
      username,
      passwordHash: await hashPassword(password),
      fullName: opts.fullName ?? `Test ${username}`,
      role: opts.role ?? 'USER',
      warehouseIds: opts.warehouseIds ?? [],
      allowedFunctions: opts.allowedFunctions ?? [],
      isActive: opts.isActive ?? true,
    },
  });
  return { ...row, password };
}

/** Signs arbitrary claims with the test secret (or another secret / algorithm) to attack the token check. */
export function craftToken(claims: Record<string, unknown>, opts: { secret?: string; algorithm?: jwt.Algorithm; expiresIn?: number } = {}) {
  return jwt.sign(claims, opts.secret ?? TEST_JWT_SECRET, {
    algorithm: opts.algorithm ?? 'HS256',
    ...(opts.expiresIn !== undefined ? { expiresIn: opts.expiresIn } : {}),
  });
}

/** An unsigned `alg: none` token. */
export function noneToken(claims: Record<string, unknown>) {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iat: Math.floor(Date.now() / 1000), ...claims })}.`;
}

/** A JSON request from a chosen loopback source address (the server keys login limits by peer address). */
export function requestFrom(
  localAddress: string,
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      { method, localAddress, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
