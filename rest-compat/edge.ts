// The legacy HTTP face as one dependency of the server (src/server.ts `HttpEdge`): every /api path (the legacy probe,
// the OpenAPI document and Swagger UI of this API, the route table) and the framework's HTML 404 of unknown paths.
import type { ServerResponse } from 'node:http';
import type { HttpEdge, HttpEdgeDeps } from '../src/server';
import { htmlErrorPage, legacyJson } from './legacy-json';
import { openApiDocument } from './openapi/document';
import { serveApiDocs } from './openapi/docs-page';
import { createRestHandler } from './router';

function send(res: ServerResponse, status: number, text: string, contentType: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** The REST compatibility layer for one server instance. */
export function restEdge({ app, yoga, schema }: HttpEdgeDeps): HttpEdge {
  const rest = createRestHandler({ app, yoga, schema });
  return {
    async handle(req, res, meta) {
      const path = (req.url ?? '/').split('?')[0];
      // the scanner app's liveness probe
      if (path === '/api/health' && req.method === 'GET') return send(res, 200, legacyJson({ service: 'sentry-wms', status: 'ok' }), 'application/json');
      // the REST layer's own description (not legacy routes; generated from the route table)
      if (path === '/api/openapi.json' && req.method === 'GET') return send(res, 200, JSON.stringify(openApiDocument()), 'application/json');
      // Swagger UI on that document, its assets served from here (openapi/docs-page.ts)
      if ((path === '/api/docs' || path.startsWith('/api/docs/')) && req.method === 'GET' && serveApiDocs(path, res)) return;
      return rest(req, res, meta);
    },
    notFound(res) {
      send(res, 404, htmlErrorPage(404), 'text/html; charset=utf-8');
    },
  };
}
