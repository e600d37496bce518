import type { ChartStore, HostStorage } from '../storage/chart-store';
import { ChartRing } from './chart-ring';

/** Memory mode ram: rings in memory only; after a restart everything comes back from the event log. */
export class RamHostStorage implements HostStorage {
  readonly mode = 'ram' as const;

  chartStore(_chartId: string, updateEvery: number, entries: number): ChartStore {
    return new ChartRing(entries, updateEvery);
  }

  resumeSeq(): number {
    return 0;
  }

  checkpoint(): void {}

  close(): void {}
}
