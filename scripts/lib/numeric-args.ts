/** `--name N` pairs over numeric defaults: each name must be one of the defaults' keys and N a positive number. */
export function parseNumericArgs<T extends Record<string, number>>(argv: string[], defaults: T): T {
  const a: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!(key in a) || !Number.isFinite(value) || value <= 0) throw new Error(`bad option ${argv[i]} ${argv[i + 1] ?? ''}`);
    a[key] = value;
  }
  return a as T;
}
