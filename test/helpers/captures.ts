import path from 'node:path';
import { repoRoot } from './paths';

/** Streams recorded from a real Netdata 1.37.1 child (see test/fixtures/netdata-captures/README.md). */
export const CAPTURES = path.join(repoRoot(), 'test/fixtures/netdata-captures');
