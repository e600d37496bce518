import { str2l, str2ndd, str2ull, strtoll } from './c-numbers';
import { ok, refuse, type MetaParse } from './parse-result';

/**
 * The lines a Netdata 1.37 child sends in answer to REPLAY_CHART, parsed as its parent's handlers read them
 * (collectors/plugins.d/pluginsd_parser.c, pluginsd_replay_*):
 *   RBEGIN "chart"                          selects the chart the following points belong to
 *   RBEGIN '' start_t end_t child_now       one point: the slot ending at end_t
 *   RSET "dim" value "flags"                the stored value of that slot (flags: R reset, E empty = no value)
 *   RDSTATE "dim" last_collected_ut last_collected last_calculated last_stored
 *   RSSTATE last_collected_ut last_updated_ut
 *   REND update_every first_t last_t start_streaming after before child_now
 * RSET values are stored values (already through rrdset_done on the child), not collected ones.
 */
export function parseReplicationCommand(keyword: string, words: string[]): MetaParse {
  switch (keyword) {
    case 'RBEGIN': {
      const chartId = words[1];
      if (chartId === undefined) return refuse('RBEGIN without a chart id');
      const startT = str2ull(words[2] ?? '');
      const endT = str2ull(words[3] ?? '');
      if (startT && endT && startT > endT) return refuse(`RBEGIN with invalid timings (${startT} to ${endT})`);
      return ok({ cmd: 'RBEGIN', chartId, startT, endT, childNow: str2ull(words[4] ?? '') });
    }
    case 'RSET': {
      const dimId = words[1];
      if (!dimId) return refuse('RSET without a dimension');
      const flags = words[3] ?? '';
      let value = words[2] ? str2ndd(words[2]) : NaN;
      const empty = flags.includes('E') || !Number.isFinite(value);
      if (empty) value = NaN;
      return ok({ cmd: 'RSET', dimId, value, reset: flags.includes('R'), empty });
    }
    case 'RDSTATE': {
      const dimId = words[1];
      if (!dimId) return refuse('RDSTATE without a dimension');
      return ok({
        cmd: 'RDSTATE',
        dimId,
        lastCollectedUs: str2ull(words[2] ?? ''),
        lastCollected: words[3] ? strtoll(words[3]).value : 0,
        lastCalculated: words[4] ? str2ndd(words[4]) : 0,
        lastStored: words[5] ? str2ndd(words[5]) : 0,
      });
    }
    case 'RSSTATE':
      return ok({ cmd: 'RSSTATE', lastCollectedUs: str2ull(words[1] ?? ''), lastUpdatedUs: str2ull(words[2] ?? '') });
    case 'REND':
      if (words.length < 7) return refuse('malformed REND');
      return ok({
        cmd: 'REND',
        updateEvery: str2l(words[1]),
        firstT: str2ull(words[2]),
        lastT: str2ull(words[3]),
        startStreaming: words[4] === 'true',
        after: str2ull(words[5]),
        before: str2ull(words[6]),
        childNow: str2ull(words[7] ?? ''),
      });
    default:
      return refuse('unknown command');
  }
}

/** `REPLAY_CHART "chart" "true|false" after before`, from a parent, read as a 1.37.1 child's pluginsd_replay_chart(). */
export interface ReplayChartCommand {
  chartId: string;
  startStreaming: boolean;
  after: number;
  before: number;
}

/** `words` as splitWords() gives them, the keyword first; null without a chart id. */
export function parseReplayChart(words: string[]): ReplayChartCommand | null {
  const chartId = words[1];
  if (!chartId) return null;
  return { chartId, startStreaming: words[2] === 'true', after: str2ull(words[3] ?? ''), before: str2ull(words[4] ?? '') };
}
