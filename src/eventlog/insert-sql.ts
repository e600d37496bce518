/** `INSERT INTO <into> VALUES (?, ...), ...`: `rows` rows of `columns` parameters, one statement for many rows. */
export function insertSql(into: string, columns: number, rows: number): string {
  const row = `(${new Array(columns).fill('?').join(', ')})`;
  return `INSERT INTO ${into} VALUES ${new Array(rows).fill(row).join(', ')}`;
}
