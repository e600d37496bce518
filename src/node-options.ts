/**
 * Node.js options the parent runs with, given on its command line because V8 reads them only at start-up
 * (`v8.setFlagsFromString` later leaves the memory reducer running): package.json's `start`, bin/streamledger.js's
 * first line and the helpers that spawn dist/src/main.js all pass them.
 *
 * --no-memory-reducer: V8's memory reducer starts extra mark-compacts and gives the heap's pages back whenever the
 * allocation rate drops, i.e. between every second's burst of a parent's streams, which then pays for growing the
 * heap again. Without it the parent at 10 children used 8 % less CPU per million values for 4 % more peak RSS
 * (README, Benchmarks, finding 13).
 */
export const PARENT_NODE_OPTIONS: readonly string[] = ['--no-memory-reducer'];
