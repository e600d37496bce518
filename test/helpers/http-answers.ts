import assert from 'node:assert/strict';

export interface Answer {
  status: number;
  /** Lower-cased names. */
  headers: Map<string, string>;
  body: string;
}

/** Splits what a server sent into answers by Content-Length; `heads` lists which requests were HEAD (no body follows). */
export function parseAnswers(raw: Buffer, heads: boolean[] = []): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf('\r\n\r\n', at);
    assert.ok(end > 0, `an incomplete answer head at byte ${at}: ${raw.subarray(at, at + 200).toString()}`);
    const [statusLine, ...lines] = raw.subarray(at, end).toString('latin1').split('\r\n');
    const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = heads[out.length] ? 0 : Number(headers.get('content-length'));
    assert.ok(end + 4 + length <= raw.length, `an incomplete body at byte ${end + 4}`);
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body: raw.subarray(end + 4, end + 4 + length).toString('utf8') });
    at = end + 4 + length;
  }
  return out;
}

