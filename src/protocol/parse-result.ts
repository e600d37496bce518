import type { MetaCommand } from './types';

/** What a command parser makes of one line: the command, or the reason Netdata would log for refusing it. */
export type MetaParse = { ok: true; command: MetaCommand } | { ok: false; reason: string };

export const ok = (command: MetaCommand): MetaParse => ({ ok: true, command });
export const refuse = (reason: string): MetaParse => ({ ok: false, reason });
