/**
 * Where a request head ends in the bytes read so far: the blank line (CRLF CRLF, or LF LF as some clients and Netdata
 * accept) at `end`, the request's next byte at `next`. null while the head is incomplete.
 */
export function findHeadEnd(buf: Buffer, from = 0): { end: number; next: number } | null {
  const crlf = buf.indexOf('\r\n\r\n', from);
  const lf = buf.indexOf('\n\n', from);
  if (crlf < 0 && lf < 0) return null;
  if (lf < 0 || (crlf >= 0 && crlf < lf)) return { end: crlf, next: crlf + 4 };
  return { end: lf, next: lf + 2 };
}
