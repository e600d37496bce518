import type { SimplePattern } from '../config/simple-pattern';
import { CAP } from '../net/capabilities';
import type { MetaCommand } from '../protocol/types';

/**
 * Which received lines go upstream: charts by `send charts matching` (on the chart's id or its name, decided once per
 * chart as rrdpush.c's should_send_chart_matching() does), the lines that define a chart only when the chart goes,
 * and labels and claim ids only when the parent negotiated them. Replication and GAPS lines stay here: the sender
 * answers its parent's requests itself.
 */
export class ChartFilter {
  private readonly decided = new Map<string, boolean>();
  /** The chart the DIMENSION, CLABEL and chart VARIABLE lines that follow belong to: set by CHART, cleared by a block. */
  defining: string | null = null;
  private definingSends = false;

  /** `nameOf`: a received chart's "type.name", or its id when it has none. */
  constructor(
    private readonly pattern: SimplePattern,
    private readonly nameOf: (id: string) => string,
  ) {}

  /** Whether the chart goes upstream; `name` is "type.name", or the id when it has none. */
  sends(id: string, name: string): boolean {
    let yes = this.decided.get(id);
    if (yes === undefined) {
      yes = this.pattern.matches(id) || this.pattern.matches(name);
      this.decided.set(id, yes);
    }
    return yes;
  }

  /** A non-sample line: whether it goes to a parent that negotiated `caps`. Call it for every line, sent or not. */
  passes(cmd: MetaCommand, caps: number): boolean {
    switch (cmd.cmd) {
      case 'CHART':
        // a redefinition may rename the chart: decide again
        this.decided.delete(cmd.chart.id);
        this.defining = cmd.chart.id;
        this.definingSends = this.sends(cmd.chart.id, cmd.chart.name || cmd.chart.id);
        return this.definingSends;
      case 'DIMENSION':
        return this.definingSends;
      case 'CLABEL':
      case 'CLABEL_COMMIT':
        return this.definingSends && (caps & CAP.CLABELS) !== 0;
      case 'VARIABLE':
        return cmd.scope === 'HOST' || this.definingSends;
      case 'LABEL':
      case 'OVERWRITE':
        return (caps & CAP.HLABELS) !== 0;
      case 'CLAIMED_ID':
        return (caps & CAP.CLAIM) !== 0;
      case 'FLUSH':
        this.defining = null;
        this.definingSends = false;
        return false;
      default:
        return false;
    }
  }

  /** A BEGIN..END block of a chart: whether it goes. Like END on a parent, it leaves no chart being defined. */
  sample(id: string): boolean {
    this.defining = null;
    this.definingSends = false;
    return this.decided.get(id) ?? this.sends(id, this.nameOf(id));
  }
}
