/** Latency recording and percentiles (exact: every sample is kept; a level is bounded in time). */
export class Recorder {
  private samples = new Map<string, number[]>();
  private errors = new Map<string, number>();
  readonly errorSamples: string[] = [];

  record(op: string, ms: number) {
    let list = this.samples.get(op);
    if (!list) this.samples.set(op, (list = []));
    list.push(ms);
  }

  error(op: string, detail: string) {
    this.errors.set(op, (this.errors.get(op) ?? 0) + 1);
    if (this.errorSamples.length < 20) this.errorSamples.push(`${op}: ${detail}`);
  }

  ops(): string[] {
    return [...new Set([...this.samples.keys(), ...this.errors.keys()])];
  }

  summary(seconds: number): Record<string, OpStats> {
    const out: Record<string, OpStats> = {};
    for (const op of this.ops()) {
      const s = [...(this.samples.get(op) ?? [])].sort((a, b) => a - b);
      out[op] = {
        count: s.length,
        throughput: round(s.length / seconds, 1),
        p50: round(pct(s, 0.5), 2),
        p95: round(pct(s, 0.95), 2),
        p99: round(pct(s, 0.99), 2),
        errors: this.errors.get(op) ?? 0,
      };
    }
    return out;
  }

  totalErrors(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }
}

export interface OpStats {
  count: number;
  /** operations per second over the level's wall time */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

export function pct(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

export const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
