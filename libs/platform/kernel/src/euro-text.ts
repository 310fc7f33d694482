/** Euros as text: a dot or a comma before at most two decimals ('12.34', '12,3', '-0.5', '12'). */
export function parseEuros(s: string): { cents: number } | null {
  const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(String(s).trim());
  if (!m) return null;
  const magnitude = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  // No negative zero: '-0.00' must equal 0 under Object.is (jest's toBe) too.
  return { cents: m[1] === '-' && magnitude !== 0 ? -magnitude : magnitude };
}

/** Dot decimal and no grouping, for CSV and JSON: '1234567.00', '-0.05'. */
export function eurosText(c: number): string {
  const abs = Math.abs(c);
  return `${c < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Finnish display, '1 234,56 €'. Finnish typography would use no-break spaces; plain spaces keep
 * test expectations and CSV viewers free of invisible characters.
 */
export function finnishEuros(c: number): string {
  const [whole, fraction] = eurosText(c).split('.') as [string, string];
  const sign = c < 0 ? '-' : '';
  const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${grouped},${fraction} €`;
}
