/**
 * Coalesces concurrent small writes or look-ups into one statement: an item submitted while no
 * batch is running starts one at once (no added latency at low load); items submitted while one
 * runs wait for the next, which takes them all (up to `maxBatch`). Each caller's promise settles
 * with its own result, or with the batch's error — so a caller never believes a write happened that
 * did not (the access log's guarantee), yet 32 concurrent requests cost a few round trips, not 32.
 */
export class GroupCommit<T, R> {
  private readonly queue: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly run: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.run(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i] as R));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
