import fs from 'node:fs';

/**
 * The small per-host file recording the event-log seq up to which every point is in the datafiles. Replaced
 * atomically (written to a temporary file, synced, renamed), so a crash leaves the old or the new value, never half.
 */
export function readResumeSeq(file: string): { seq: number; problem: string | null } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, problem: null };
    return { seq: 0, problem: (err as Error).message };
  }
  try {
    const seq = (JSON.parse(text) as { resumeSeq?: unknown }).resumeSeq;
    if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) return { seq, problem: null };
  } catch {
    // reported below
  }
  return { seq: 0, problem: 'not a valid resume file' };
}

export function writeResumeSeq(file: string, seq: number): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify({ format: 1, resumeSeq: seq }) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
