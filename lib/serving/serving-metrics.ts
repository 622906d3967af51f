/**
 * The prediction service's Prometheus metrics. The workers' metrics go through the Temporal
 * runtime's exporter, which this process does not start (it has no Temporal connection), so the
 * few counters here are rendered in the text exposition format by hand rather than pulling in a
 * metrics library for them.
 */
export const SERVING_METRICS = {
  /** Counter: predictions answered or failed. Labels: model, version, role, shadow, outcome (ok|error). */
  predictions: 'factory_serving_predictions_total',
  /** Counter: model loads. Labels: model, version, outcome (ok|sha256-mismatch|unloadable|unreadable). */
  modelLoads: 'factory_serving_model_loads_total',
  /** Gauge: the version served per role. Labels: model, role. */
  servedVersion: 'factory_serving_model_version',
  /** Counter: prediction log rows written. */
  logWritten: 'factory_serving_log_written_total',
  /** Counter: failed batch writes of the prediction log (each is retried). */
  logWriteFailures: 'factory_serving_log_write_failures_total',
  /** Counter: requests refused because the log queue was full (503), and shadow rows not queued. Labels: kind (request|shadow). */
  logRejected: 'factory_serving_log_rejected_total',
  /** Gauge: predictions waiting in the log queue. */
  logQueued: 'factory_serving_log_queued',
  /** Counter: HTTP requests by status class. Labels: route, status. */
  httpRequests: 'factory_serving_http_requests_total',
} as const;

type Labels = Readonly<Record<string, string | number | boolean>>;

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${String(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`)
    .join(',');

/** Counters and gauges of one service instance. */
export class ServingMetrics {
  private readonly values = new Map<string, { type: 'counter' | 'gauge'; series: Map<string, number> }>();

  inc(name: string, labels: Labels = {}, by = 1): void {
    this.series(name, 'counter').set(key(labels), (this.series(name, 'counter').get(key(labels)) ?? 0) + by);
  }

  set(name: string, labels: Labels, value: number): void {
    this.series(name, 'gauge').set(key(labels), value);
  }

  /** The value of one series (tests and /readyz read it); 0 when never set. */
  get(name: string, labels: Labels = {}): number {
    return this.values.get(name)?.series.get(key(labels)) ?? 0;
  }

  /** Sum over every series of a metric whose labels include `labels`. */
  sum(name: string, labels: Labels = {}): number {
    const want = Object.entries(labels).map(([k, v]) => `${k}="${String(v)}"`);
    let total = 0;
    for (const [series, value] of this.values.get(name)?.series ?? []) {
      if (want.every((w) => series.split(',').includes(w))) total += value;
    }
    return total;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, { type, series }] of this.values) {
      lines.push(`# TYPE ${name} ${type}`);
      for (const [labels, value] of series) lines.push(`${name}${labels ? `{${labels}}` : ''} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private series(name: string, type: 'counter' | 'gauge'): Map<string, number> {
    let entry = this.values.get(name);
    if (!entry) this.values.set(name, (entry = { type, series: new Map() }));
    return entry.series;
  }
}
