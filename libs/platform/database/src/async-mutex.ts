/** A FIFO lock: PGlite has one session, so every user of it takes turns through one of these. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const turn = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return turn;
  }
}
