/**
 * What Linux says about one process, for the benchmarks: CPU time from /proc/<pid>/stat (utime + stime; a process's
 * line covers all its threads, not its children) and memory from /proc/<pid>/status (VmRSS, VmHWM = peak RSS).
 */
import fs from 'node:fs';

/** Linux USER_HZ: the unit of utime and stime. */
export const CLK_TCK = 100;

/** utime + stime of the whole process (every thread), in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

/** One `Key:   N kB` figure of /proc/<pid>/status (VmRSS, VmHWM, ...), in kB; 0 when absent. */
export function statusKb(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Whether the process exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
