/**
 * A claim only the bench's service fixture reads: a token carrying it is decoded and not verified,
 * the same-run baseline of "without token validation", interleaved request by request with the
 * verified ones. The service apps never look at it. (Its own module: the fixture imports it without
 * bench-tokens.ts generating a signing key at import.)
 */
export const BENCH_DECODE_ONLY_CLAIM = 'bench_decode_only';
