import { CAP, PROMPT_V1, PROMPT_V2, PROMPT_VN, versionToCapabilities } from './capabilities';

/**
 * A parent's answer to a STREAM request, read by whoever sent it (a sender, the load generator). The prompts are
 * those of streaming/rrdpush.h; anything else is a refusal body (Netdata writes them raw and closes the socket).
 */
export type ReplyVerdict =
  | { kind: 'incomplete' }
  /** version: the number the prompt announces (a capability mask, an old version), 1 for V2, 0 for V1 (sender.c). */
  | { kind: 'accepted'; caps: number; version: number; consumed: number }
  | { kind: 'refused'; body: string; reason: string };

/** Every capability bit, so that what a parent announces is read without dropping any of it. */
const ALL_BITS = 0xffffffff;

/**
 * `complete` says no more bytes will come for it (a pause or the socket closed), which is how a VN prompt's number
 * ends: Netdata sends it without a newline.
 */
export function parseStreamReply(text: string, complete: boolean): ReplyVerdict {
  if (text.startsWith(PROMPT_VN)) {
    const m = /^\d+/.exec(text.slice(PROMPT_VN.length));
    const end = m ? PROMPT_VN.length + m[0].length : -1;
    if (!m || (end === text.length && !complete)) return complete ? refused(text) : { kind: 'incomplete' };
    const n = Number(m[0]);
    return { kind: 'accepted', caps: versionToCapabilities(n, ALL_BITS), version: n, consumed: end };
  }
  if (text.startsWith(PROMPT_V2)) return { kind: 'accepted', caps: CAP.V2 | CAP.HLABELS, version: 1, consumed: PROMPT_V2.length };
  if (text.startsWith(PROMPT_V1) && (text.length > PROMPT_V1.length || complete)) {
    return { kind: 'accepted', caps: CAP.V1, version: 0, consumed: PROMPT_V1.length };
  }
  if (!complete && (PROMPT_VN.startsWith(text) || PROMPT_V2.startsWith(text) || text.startsWith(PROMPT_V1))) {
    return { kind: 'incomplete' };
  }
  return complete ? refused(text) : { kind: 'incomplete' };
}

function refused(text: string): ReplyVerdict {
  return { kind: 'refused', body: text, reason: text.length ? JSON.stringify(text.slice(0, 500)) : '(connection closed without a reply)' };
}
