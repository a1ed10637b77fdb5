/**
 * The HTTP helper connectors use for every outbound call (spec 80 §7): SSRF guard on the URL of every
 * request and every redirect hop, connection pinned to the checked address, retries with backoff for
 * 429/503/network errors, Retry-After and rate-limit slowdown, and a circuit breaker. One instance per
 * connector instance (a fresh one per task run / test call), so its state is not shared.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkDestination, type CheckedDestination, type Resolver } from './ssrf-guard';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The URL that answered (after redirects). */
  url: string;
}

export interface HttpRequest {
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpClientOptions {
  allowLoopback?: boolean;
  resolve?: Resolver;
  timeoutMs?: number;
  maxRedirects?: number;
  maxBodyBytes?: number;
  /** Injected by unit tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
}

const MAX_ATTEMPTS = 3;
const FAILURE_THRESHOLD = 5;
const COOLDOWN_MS = 300_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class ConnectorHttpClient {
  private failures = 0;
  private openedAt: number | null = null;
  private waitBeforeNextMs = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly opts: HttpClientOptions = {}) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? Date.now;
  }

  async request(method: string, url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    // The guard runs before anything else, so a blocked URL neither waits nor counts as a failure.
    // Its answer is reused by every attempt: one resolution, one checked address.
    const first = await checkDestination(url, this.opts);
    if (this.openedAt !== null) {
      const remainingMs = this.openedAt + COOLDOWN_MS - this.now();
      if (remainingMs > 0) throw new CircuitOpenError(`Circuit breaker open, ${Math.ceil(remainingMs / 1000)}s remaining in cooldown`);
    }
    if (this.waitBeforeNextMs > 0) {
      await this.sleep(this.waitBeforeNextMs);
      this.waitBeforeNextMs = 0;
    }
    let lastError: unknown;
    let networkFailures = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const final = attempt === MAX_ATTEMPTS - 1;
      let res: HttpResponse;
      try {
        res = await this.followRedirects(method, first, req);
      } catch (e) {
        if ((e as Error).name === 'BlockedDestinationError') throw e; // a redirect to an internal address
        lastError = e;
        networkFailures++;
        this.recordFailure();
        if (!final) await this.sleep(backoffMs(attempt));
        continue;
      }
      const retryAfterMs = retryAfter(res.headers['retry-after']);
      if ((res.status === 429 || res.status === 503) && !final) {
        await this.sleep(retryAfterMs ?? backoffMs(attempt));
        continue;
      }
      if (res.status >= 500) this.recordFailure();
      else this.closeCircuit();
      if (retryAfterMs !== null) this.waitBeforeNextMs = retryAfterMs;
      this.planSlowdown(res.headers);
      return res;
    }
    if (networkFailures === MAX_ATTEMPTS) this.recordFailure();
    throw lastError;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, { headers });
  }

  post(url: string, json: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) });
  }

  private recordFailure() {
    this.failures++;
    // A failure while half-open (cooldown over) restarts the cooldown.
    if (this.failures >= FAILURE_THRESHOLD) this.openedAt = this.now();
  }

  private closeCircuit() {
    this.failures = 0;
    this.openedAt = null;
  }

  /** Slows down proactively when the provider says at most 10 % of the rate limit is left. */
  private planSlowdown(headers: http.IncomingHttpHeaders) {
    const remaining = Number(headers['x-ratelimit-remaining']);
    const limit = Number(headers['x-ratelimit-limit']);
    if (!Number.isInteger(remaining) || !Number.isInteger(limit) || limit <= 0) return;
    const ratio = remaining / limit;
    if (ratio <= 0.1) this.waitBeforeNextMs = Math.max(this.waitBeforeNextMs, Math.max(0.1, 2 * (1 - ratio / 0.1)) * 1000);
  }

  /** Redirects are followed here, not by the socket layer, so every hop passes the guard again. */
  private async followRedirects(method: string, first: CheckedDestination, req: HttpRequest): Promise<HttpResponse> {
    let current = first.url.toString();
    let currentMethod = method;
    let body = req.body;
    let headers = { ...req.headers };
    const origin = first.url.origin;
    for (let hop = 0; ; hop++) {
      const dest = hop === 0 ? first : await checkDestination(current, this.opts);
      const res = await this.send(currentMethod, dest.url, dest.address, dest.family, headers, body);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || !location) return res;
      if (hop >= (this.opts.maxRedirects ?? 5)) throw new Error(`Too many redirects (more than ${this.opts.maxRedirects ?? 5})`);
      const next = new URL(location, dest.url);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      // Credentials are not handed to another origin.
      if (next.origin !== origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([k]) => !/^(authorization|x-api-key|cookie)$/i.test(k)),
        );
      }
      current = next.toString();
    }
  }

  private send(method: string, url: URL, address: string, family: 4 | 6, headers: Record<string, string>, body?: string): Promise<HttpResponse> {
    // The socket connects to the address the guard approved, whatever DNS says now (no TOCTOU);
    // Host and TLS SNI still carry the URL's hostname.
    const pinned: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as unknown as (err: null, all: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const mod = url.protocol === 'https:' ? https : http;
    const maxBody = this.opts.maxBodyBytes ?? 5 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const request = mod.request(
        url,
        {
          method,
          lookup: pinned,
          headers: { 'user-agent': 'wms-connector/1.0', ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
          timeout: this.opts.timeoutMs ?? 15_000,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBody) {
              request.destroy(new Error(`Response body larger than ${maxBody} bytes`));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), url: url.toString() }));
          res.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`Request timed out after ${this.opts.timeoutMs ?? 15_000} ms`)));
      request.on('error', reject);
      if (body !== undefined) request.write(body);
      request.end();
    });
  }
}

/** Attempt n (0-based): 2ⁿ s + up to 1 s of jitter. */
const backoffMs = (attempt: number) => 2 ** attempt * 1000 + Math.random() * 1000;

function retryAfter(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return null;
  return Math.min(Number(v), 300) * 1000; // a hostile provider cannot park a worker for hours
}
