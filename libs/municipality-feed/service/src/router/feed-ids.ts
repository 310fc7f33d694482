import { createHash } from 'node:crypto';

/**
 * The id of the n-th feed event a source event gives one municipality: a name-based (v5-style)
 * UUID of (source id, municipality, n), so routing the same source event again appends nothing
 * (the event store ignores ids it already holds) and the id is the same on the topic and in the replay.
 */
export function feedEventId(sourceId: string, municipality: string, index: number): string {
  const h = createHash('sha1').update(`municipality-feed|${sourceId}|${municipality}|${index}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
