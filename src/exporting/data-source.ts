/** What an exporter sends of each dimension: its stored points' average or sum, or the raw value it collected. */
export type DataSource = 'as collected' | 'average' | 'sum';

/** exporting_parse_data_source(): Netdata's spellings of the three sources; null for any other word. */
export function dataSourceWord(word: string): DataSource | null {
  if (['raw', 'as collected', 'as-collected', 'as_collected', 'ascollected'].includes(word)) return 'as collected';
  if (word === 'average') return 'average';
  if (word === 'sum' || word === 'volume') return 'sum';
  return null;
}
