import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('drops the least recently used entry when full, a read counting as a use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect([map.has('a'), map.has('b'), map.has('c')]).toEqual([true, false, true]);
    expect(map.size).toBe(2);
  });

  it('keeps a rewritten key once, as the most recent', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect(map.get('a')).toBe(3);
    expect(map.get('b')).toBeUndefined();
    expect(map.size).toBe(2);
  });

  it('holds an undefined value as present', () => {
    const map = new LruMap<string, undefined>(1);
    map.set('a', undefined);
    expect(map.has('a')).toBe(true);
    expect(map.delete('a')).toBe(true);
    expect(map.has('a')).toBe(false);
  });

  it('holds nothing at capacity 0 and refuses a capacity that is no whole number', () => {
    const map = new LruMap<string, number>(0);
    map.set('a', 1);
    expect(map.size).toBe(0);
    expect(() => new LruMap(-1)).toThrow(RangeError);
    expect(() => new LruMap(1.5)).toThrow(RangeError);
  });
});
