const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for the 8-4-4-4-12 hex form libuuid's uuid_parse accepts, which is Netdata's test for API keys and
 * machine GUIDs. Version and variant digits are not checked (11111111-2222-3333-4444-555555555555 is valid).
 */
export function isGuid(s: string): boolean {
  return GUID.test(s);
}
