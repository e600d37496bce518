import type { BatchFormatter, ExportHost, ExportMetric } from './batch-formatter';

/** How a text format prints one metric, and whether a batch is a JSON array (the :http variants) or lines. */
export interface TextFormat {
  /** Precomputed once per host and batch: the labels fragment and whatever else repeats on every line. */
  hostPart(host: ExportHost): string;
  metric(host: ExportHost, hostPart: string, m: ExportMetric): string;
  array: boolean;
}

/**
 * A batch of a text format: lines one after another, or for the HTTP variants a JSON array opened with "[\n",
 * its objects separated by ",\n" and closed with "\n]\n", as Netdata's opentsdb and json HTTP connectors write it.
 */
export class TextBatch implements BatchFormatter {
  private parts: string[] = [];
  private hostPart = '';
  private metrics = 0;

  constructor(private readonly format: TextFormat) {}

  startHost(host: ExportHost): void {
    this.hostPart = this.format.hostPart(host);
  }

  metric(host: ExportHost, m: ExportMetric): void {
    this.parts.push(this.format.metric(host, this.hostPart, m));
    this.metrics++;
  }

  finish(): { body: Buffer; metrics: number } {
    const text = this.format.array ? `[\n${this.parts.join(',\n')}\n]\n` : this.parts.join('');
    const out = { body: Buffer.from(text, 'utf8'), metrics: this.metrics };
    this.parts = [];
    this.metrics = 0;
    return out;
  }
}
