/**
 * Every division names its rounding. half-up: halves away from zero (what invoices expect);
 * half-even: banker's rounding; down: toward zero; up: away from zero.
 */
export type Rounding = 'half-up' | 'half-even' | 'down' | 'up';

/** num / den rounded as named, in exact integer arithmetic (den ≠ 0). */
export function divRound(num: bigint, den: bigint, rounding: Rounding): bigint {
  if (den < 0n) return divRound(-num, -den, rounding);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = abs / den;
  const r = abs % den;
  // Work on magnitudes, so "away from zero" is simply q + 1 whatever the sign.
  const awayFromZero = r !== 0n && roundsAway(rounding, q, r * 2n - den);
  const magnitude = awayFromZero ? q + 1n : q;
  return negative ? -magnitude : magnitude;
}

/** halfDiff = 2r − den: negative below the half, zero exactly on it, positive above. */
function roundsAway(rounding: Rounding, q: bigint, halfDiff: bigint): boolean {
  switch (rounding) {
    case 'down':
      return false;
    case 'up':
      return true;
    case 'half-up':
      return halfDiff >= 0n;
    case 'half-even':
      return halfDiff > 0n || (halfDiff === 0n && q % 2n === 1n);
  }
}
