import autocannon from 'autocannon';
import type { BenchRequest } from './types';

export interface Measurement {
  requests: number;
  /** Requests per second over the measured time. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers whose status was not the expected one, plus connection errors and timeouts. */
  errors: number;
  /** Requests that had no answer within 10 s (counted in errors). */
  timeouts: number;
  statuses: Record<string, number>;
  durationS: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/**
 * Loads one endpoint with `connections` concurrent connections for `durationS` seconds (closed loop: each
 * connection sends its next request when the answer arrived) and measures every answer's latency.
 * Only loopback addresses are accepted.
 */
export async function measure(
  base: string,
  req: BenchRequest,
  opts: { connections: number; durationS: number },
): Promise<Measurement> {
  const u = new URL(base);
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(u.hostname)) throw new Error(`bench targets loopback only, not ${u.hostname}`);
  const expect = req.expectStatus ?? 200;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let counter = 0;
  const baseHeaders = req.headers ?? {};
  const requests = [
    {
      method: req.method ?? 'GET',
      path: req.path,
      headers: baseHeaders,
      body: req.body,
      ...(req.vary
        ? {
            setupRequest: (r: any) => {
              const v = req.vary!(counter++);
              return { ...r, path: v.path ?? req.path, headers: { ...baseHeaders, ...v.headers }, body: v.body ?? req.body };
            },
          }
        : {}),
    },
  ];
  const started = process.hrtime.bigint();
  let instance!: autocannon.Instance;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${u.origin}`,
        connections: opts.connections,
        duration: opts.durationS,
        timeout: 10,
        requests: requests as any,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode !== expect) errors++;
    });
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  // autocannon's `errors` already counts its timeouts.
  errors += result.errors;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    rps: latencies.length / Math.max(elapsed, 1e-9),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    errors,
    timeouts: result.timeouts,
    statuses,
    durationS: elapsed,
  };
}
