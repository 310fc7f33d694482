import type { RecordedEvent } from '../event-store';

/**
 * Lifts a stored event of one type from `fromVersion` to `fromVersion + 1`. Stored events never
 * change; readers see them in the shape the code of today expects.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown, event: RecordedEvent): unknown;
  /** When a version also renames the event. */
  toType?: string;
}

/** The version an event was written in: the pipeline records it in metadata as well as in the row. */
export function schemaVersionOf(event: Pick<RecordedEvent, 'schemaVersion' | 'metadata'>): number {
  const fromMetadata = event.metadata?.['schemaVersion'];
  return typeof fromMetadata === 'number' && Number.isSafeInteger(fromMetadata) ? fromMetadata : (event.schemaVersion ?? 1);
}

/** The upcasters of all contexts of a process, by event type and version. */
export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    this.add(upcasters);
  }

  add(upcasters: readonly Upcaster[]): void {
    for (const u of upcasters) {
      const key = `${u.type}@${u.fromVersion}`;
      if (this.byKey.has(key) && this.byKey.get(key) !== u) throw new Error(`two upcasters for ${key}`);
      this.byKey.set(key, u);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  upcast(event: RecordedEvent): RecordedEvent {
    if (this.byKey.size === 0) return event;
    let current = event;
    let version = schemaVersionOf(event);
    for (let u = this.byKey.get(`${current.type}@${version}`); u; u = this.byKey.get(`${current.type}@${version}`)) {
      version += 1;
      current = {
        ...current,
        type: u.toType ?? current.type,
        data: u.upcast(current.data, current),
        schemaVersion: version,
        metadata: { ...current.metadata, schemaVersion: version },
      };
    }
    return current;
  }

  upcastAll(events: RecordedEvent[]): RecordedEvent[] {
    return this.byKey.size === 0 ? events : events.map((e) => this.upcast(e));
  }
}
