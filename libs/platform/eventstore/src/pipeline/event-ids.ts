import { createHash } from 'node:crypto';

/**
 * A uuid (v5 layout) derived from (scope, key, index): a retried command, or a replayed source
 * event, decides the same events under the same ids, and the store writes them once.
 */
export function deterministicEventId(scope: string, key: string, index: number): string {
  const hex = createHash('sha256').update(`${scope}\u0000${key}\u0000${index}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
