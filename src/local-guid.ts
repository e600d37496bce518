import fs from 'node:fs';
import path from 'node:path';
import { v4 as uuidv4 } from 'uuid';

/** The parent's own machine GUID, kept where Netdata keeps it (<lib>/registry/netdata.public.unique.id), created once. */
export function loadOrCreateLocalGuid(libDir: string): string {
  const file = path.join(libDir, 'registry', 'netdata.public.unique.id');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim().toLowerCase();
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(existing)) return existing;
  } catch {
    // first start: fall through and create it
  }
  const guid = uuidv4();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, guid + '\n');
  return guid;
}
