// GET /api/docs: Swagger UI (swagger-ui-dist from npm) on /api/openapi.json, its assets served from here under
// /api/docs/ so the page works without internet access. "Authorize" takes the bearer token of POST /api/auth/login;
// "Try it out" calls this server (the document's server is "/"). The CSP keeps every request on this origin.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServerResponse } from 'node:http';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>WMS REST API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/api/docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// Served as a file, not inline, so the CSP needs no 'unsafe-inline' for scripts.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  persistAuthorization: false,
  // no badge from validator.swagger.io: nothing may leave this server
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const distDir = () => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const files = new Map<string, Buffer>();

function send(res: ServerResponse, body: string | Buffer, type: string, cache: string) {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', cache);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Answers GET /api/docs and its assets; false for any other path (the REST layer's 404). */
export function serveApiDocs(path: string, res: ServerResponse): boolean {
  if (path === '/api/docs') {
    res.setHeader('Content-Security-Policy', CSP);
    send(res, PAGE, 'text/html; charset=utf-8', 'no-cache');
    return true;
  }
  const name = path.startsWith('/api/docs/') ? path.slice('/api/docs/'.length) : '';
  if (name === 'init.js') {
    send(res, INIT, 'text/javascript; charset=utf-8', 'no-cache');
    return true;
  }
  const type = ASSETS[name];
  if (!type) return false;
  let body = files.get(name);
  if (!body) files.set(name, (body = readFileSync(join(distDir(), name))));
  send(res, body, type, 'public, max-age=3600');
  return true;
}
