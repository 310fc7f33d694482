import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('runs the first item at once and the items that arrive meanwhile together, each getting its own result', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push([...items]);
      await new Promise((r) => setTimeout(r, 10));
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3, 4].map((n) => group.submit(n)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every caller of a failed batch, and goes on with the next', async () => {
    let calls = 0;
    const group = new GroupCommit<string, string>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
      return items.map((s) => s.toUpperCase());
    });
    await expect(group.submit('a')).rejects.toThrow('database down');
    await expect(group.submit('b')).resolves.toBe('B');
  });
});
