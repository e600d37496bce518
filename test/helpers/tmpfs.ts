import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Mounts a tmpfs of `bytes` at `dir` (created if missing), to fill a disk for real. Returns its unmount function
 * (also run when the process exits), or null where mounting is not allowed (not root): the caller skips.
 */
export function mountSmallFilesystem(dir: string, bytes: number): (() => void) | null {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  let mounted = true;
  const unmount = (): void => {
    if (!mounted) return;
    mounted = false;
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  };
  process.on('exit', unmount);
  return unmount;
}

/** Writes a file that leaves about `leave` bytes free on the filesystem of `file`. */
export function fillLeaving(file: string, leave: number): void {
  const { bavail, bsize } = fs.statfsSync(file.slice(0, file.lastIndexOf('/')));
  fs.writeFileSync(file, Buffer.alloc(Math.max(0, bavail * bsize - leave)));
}
