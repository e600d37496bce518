/** "YYYY-MM-DD HH:MM:SS" in the server's local time, as Netdata prints dates in CSV-like formats. */
export function formatLocalDate(tSec: number): string {
  const d = new Date(tSec * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
