/** The SQL type to cast a filter operand to: the column's type without precision. */
export function castOf(sqlType: string): string {
  return sqlType.replace(/\(.*\)/, '');
}
