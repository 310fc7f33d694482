import { eventStoreContract } from '../testing/contract';
import { InMemoryEventStore } from './in-memory-event-store';

eventStoreContract('in-memory', async (clock) => {
  const store = new InMemoryEventStore(clock);
  return { store, dispose: () => store.close() };
});
