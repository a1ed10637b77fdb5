// GET /dashboard: the live dashboard page (one static HTML file, inline JS, no build step).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

let page: string | null = null;

export function serveDashboardPage(req: IncomingMessage, res: ServerResponse) {
  page ??= readFileSync(new URL('./dashboard.html', import.meta.url), 'utf8');
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  // the page only talks to its own origin (REST sign-in, graphql-ws on /graphql)
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  res.setHeader('Content-Length', Buffer.byteLength(page));
  res.end(req.method === 'HEAD' ? undefined : page);
}
