/** Text pieces of Netdata's health JSON (health_json.c), shared by /api/v1/alarms and /api/v1/alarm_log. */

/** buffer_print_netdata_double(): up to 7 decimals without trailing zeros; null for no number. */
export function netdataDouble(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  const s = v.toFixed(7);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export const jsonString = (s: string): string => JSON.stringify(s);

/** health_string2json(): the text HTML-escaped, as Netdata sends expressions, dimension lists and infos. */
export const htmlString = (s: string): string =>
  jsonString(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
