/** Bytes on disk of what a parent keeps: ours (event logs and a memory mode's folder per host) and Netdata's dbengine. */
import fs from 'node:fs';
import path from 'node:path';
import { EVENT_LOG_FILE } from '../../src/hosts/host-registry';

/** Size of a file, or of every file under a folder (0 when missing). */
export function treeBytes(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((sum, n) => sum + treeBytes(path.join(p, n)), 0);
}

export interface OurBytes {
  /** events.sqlite with its -wal and -shm, all hosts. */
  eventLog: number;
  /** <host dir>/<mode>/, all hosts. */
  mode: number;
  hosts: number;
}

/** Sums over every host folder of cacheDir (the parent's own host keeps no folder). */
export function ourBytes(cacheDir: string, mode: string): OurBytes {
  const r: OurBytes = { eventLog: 0, mode: 0, hosts: 0 };
  for (const guid of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []) {
    const hostDir = path.join(cacheDir, guid);
    if (!fs.existsSync(path.join(hostDir, EVENT_LOG_FILE))) continue;
    r.hosts++;
    for (const suffix of ['', '-wal', '-shm']) r.eventLog += treeBytes(path.join(hostDir, EVENT_LOG_FILE + suffix));
    r.mode += treeBytes(path.join(hostDir, mode));
  }
  return r;
}

/** A real Netdata's dbengine files per tier folder (cache/dbengine, cache/dbengine-tier1, ...): datafiles and journals. */
export function netdataDbengineBytes(cacheDir: string): Array<{ tier: string; datafiles: number; journals: number }> {
  const out: Array<{ tier: string; datafiles: number; journals: number }> = [];
  for (const tier of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((n) => n.startsWith('dbengine')).sort() : []) {
    const files = fs.readdirSync(path.join(cacheDir, tier));
    const sum = (re: RegExp) => files.filter((n) => re.test(n)).reduce((s, n) => s + treeBytes(path.join(cacheDir, tier, n)), 0);
    out.push({ tier, datafiles: sum(/^datafile-.*\.ndf$/), journals: sum(/^journalfile-.*\.njf$/) });
  }
  return out;
}
