/**
 * A self-contained HTML reference of the OpenAPI document (GET /api/docs): no script, no CDN, rendered on
 * the server from the same document as /api/openapi.json.
 */
import type { OpenApiDocument, OpenApiOperation } from './document';

type Schema = Record<string, any>;

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Escaped text with `code spans` (the markdown of OpenAPI descriptions) rendered. */
const md = (s: unknown) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** `id` of an operation's anchor. */
const anchor = (method: string, path: string) => `${method}-${path}`.replace(/[^A-Za-z0-9_-]+/g, '-');

function typeOf(s: Schema): string {
  if (s.$ref) return String(s.$ref).split('/').pop()!;
  if (s.anyOf || s.oneOf) {
    const alts = (s.anyOf ?? s.oneOf) as Schema[];
    const nonNull = alts.filter((a) => a.type !== 'null');
    const t = nonNull.map(typeOf).join(' | ');
    return alts.length !== nonNull.length ? `${t} | null` : t;
  }
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (s.type === 'object' && s.title) return String(s.title);
  return s.type ?? 'any';
}

function constraints(s: Schema): string[] {
  const out: string[] = [];
  const walk = (x: Schema) => {
    if (x.anyOf || x.oneOf) return ((x.anyOf ?? x.oneOf) as Schema[]).forEach(walk);
    if (x.type === 'array') {
      if (x.minItems !== undefined) out.push(`≥ ${x.minItems} items`);
      return;
    }
    if (x.exclusiveMinimum !== undefined) out.push(`> ${x.exclusiveMinimum}`);
    if (x.minimum !== undefined) out.push(`≥ ${x.minimum}`);
    if (x.maximum !== undefined) out.push(`≤ ${x.maximum}`);
    if (x.minLength !== undefined) out.push(`length ≥ ${x.minLength}`);
    if (x.maxLength !== undefined) out.push(`length ≤ ${x.maxLength}`);
    if (x.enum) out.push(`one of ${x.enum.map((v: unknown) => JSON.stringify(v)).join(', ')}`);
    if (x.const !== undefined) out.push(`= ${JSON.stringify(x.const)}`);
    if (x.description) out.push(String(x.description));
  };
  walk(s);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  if (s['x-aliases']) out.push(`also read as ${s['x-aliases'].join(', ')}`);
  return out;
}

/** The object schema nested in `s` (itself, an array's items, an anyOf branch), if any. */
function objectIn(s: Schema): Schema | undefined {
  if (s.type === 'object' && s.properties) return s;
  if (s.type === 'array' && s.items) return objectIn(s.items);
  for (const alt of (s.anyOf ?? s.oneOf ?? []) as Schema[]) {
    const o = objectIn(alt);
    if (o) return o;
  }
  return undefined;
}

function schemaTable(s: Schema, depth = 0): string {
  const obj = objectIn(s);
  if (!obj) return `<p><code>${esc(typeOf(s))}</code></p>`;
  const required = new Set<string>(obj.required ?? []);
  const rows = Object.entries(obj.properties as Record<string, Schema>).map(([name, p]) => {
    const nested = depth < 4 && objectIn(p) ? schemaTable(p, depth + 1) : '';
    return `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td>` +
      `<td><code>${esc(typeOf(p))}</code></td><td>${esc(constraints(p).join('; '))}${nested}</td></tr>`;
  });
  return `<table><thead><tr><th>field</th><th>type</th><th>rules</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function operationHtml(method: string, path: string, op: OpenApiOperation, doc: OpenApiDocument): string {
  const resolve = (p: Schema): Schema =>
    p.$ref ? ((doc.components.parameters ?? {})[String(p.$ref).split('/').pop()!] as Schema) ?? {} : p;
  const params = ((op.parameters ?? []) as Schema[]).map(resolve);
  const body = op.requestBody?.content as Record<string, { schema: Schema }> | undefined;
  const responses = Object.entries(op.responses)
    .map(([code, r]) => {
      const ref = (r as Schema).$ref as string | undefined;
      return `<li><code>${esc(code)}</code> ${esc(ref ? ref.split('/').pop() : (r as Schema).description)}</li>`;
    })
    .join('');
  return `<section class="op" id="${anchor(method, path)}">
<h3><span class="m m-${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${md(op.description ?? op.summary)}</p>
${params.length ? `<h4>Parameters</h4><ul>${params.map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}, ${esc(typeOf(p.schema))}${p.required ? ', required' : ''})</li>`).join('')}</ul>` : ''}
${body ? `<h4>Body${op.requestBody?.required ? '' : ' (optional)'}</h4>${schemaTable(body['application/json'].schema)}` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

export function renderDocsHtml(doc: OpenApiDocument): string {
  const byTag = new Map<string, { method: string; path: string; op: OpenApiOperation }[]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  const tags = [...byTag.keys()].sort();
  const toc = tags
    .map((t) => `<li><a href="#tag-${esc(t.replace(/\W+/g, '-'))}">${esc(t)}</a> (${byTag.get(t)!.length})</li>`)
    .join('');
  const sections = tags
    .map((t) =>
      `<h2 id="tag-${esc(t.replace(/\W+/g, '-'))}">${esc(t)}</h2>` +
      byTag.get(t)!.map((o) => operationHtml(o.method, o.path, o.op, doc)).join('\n'),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#222}
code{font-family:ui-monospace,monospace;font-size:13px}
h2{border-bottom:2px solid #ddd;margin-top:2.5rem}
.op{border:1px solid #e3e3e3;border-radius:6px;padding:.2rem 1rem .6rem;margin:1rem 0}
.op h3{margin:.6rem 0 .2rem}.op h4{margin:.6rem 0 .2rem}
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 4px}
.m-get{background:#2f7bbf}.m-post{background:#2e9d55}.m-put{background:#c98a10}.m-delete{background:#c0392b}
table{border-collapse:collapse;width:100%;margin:.3rem 0}td,th{border:1px solid #e3e3e3;padding:3px 6px;text-align:left;vertical-align:top}
.req{color:#c0392b;font-size:11px}
</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${md(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json"><code>/api/openapi.json</code></a> (OpenAPI ${esc(doc.openapi)}).
Authentication: <code>Authorization: Bearer &lt;token&gt;</code> from <code>POST /api/auth/login</code>.</p>
<ul class="toc">${toc}</ul>
${sections}
</body></html>
`;
}
