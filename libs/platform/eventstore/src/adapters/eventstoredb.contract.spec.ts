import { testEventStoreUrl } from '@luotsi/testing';
import { eventStoreContract } from '../testing/contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// EventStoreDB cannot run on the CI machines (no server package, no Docker engine): this block runs
// wherever EVENTSTORE_URL points at one, e.g. the docker-compose topology. It is not required in CI.
const url = testEventStoreUrl();
(url ? describe : describe.skip)(`EventStoreDB${url ? '' : ' [skipped: EVENTSTORE_URL not set]'}`, () => {
  eventStoreContract('EventStoreDB', async (clock) => {
    const store = EventStoreDbEventStore.connect(url!, clock);
    return { store, dispose: () => store.close() };
  });
});
