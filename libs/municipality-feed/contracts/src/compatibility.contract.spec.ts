import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { FEED_EVENT_NAMES } from '@luotsi/municipality-feed-domain';
import { compatibilityProblems } from './compatibility';
import { FEED_EVENTS, publishedSchemaOf } from './feed-contract';
import { FeedPayloadValidator } from './feed-cloud-event';
import { municipalityAsyncApi } from './asyncapi';

const SCHEMAS = join(__dirname, '..', 'schemas');
const read = (file: string) => JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Record<string, unknown>;

/**
 * The published schemas (schemas/<type>.v<n>.json) are what municipalities' consumers were written
 * against. The code's schema of each type must stay backward compatible with its published file;
 * a breaking change needs a new version, and a new version a new published file.
 */
describe('the municipality feed’s schemas stay compatible with what was published', () => {
  it.each(FEED_EVENT_NAMES.map((n) => [n]))('%s: the code’s schema is compatible with the published one', (name) => {
    const file = `${name}.v${FEED_EVENTS[name].version}.json`;
    const published = read(file);
    expect(compatibilityProblems(published, publishedSchemaOf(name))).toEqual([]);
    expect(published['$id']).toBe(publishedSchemaOf(name)['$id']);
  });

  it('every published file belongs to an event type of the contract (none is orphaned)', () => {
    const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(FEED_EVENT_NAMES.map((n) => `${n}.v${FEED_EVENTS[n].version}.json`).sort());
  });

  it('FIXTURE: a breaking change (a field removed, one retyped, a required one added) is refused', () => {
    const problems = compatibilityProblems(read('listing-started.v1.json'), read('fixtures/listing-started.v1.breaking.json'));
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '/stationId', problem: 'property removed' },
        { path: '/effectiveFrom', problem: 'type changed from string to integer' },
        { path: '/ageBand', problem: 'required property added' },
      ]),
    );
  });

  it('FIXTURE: adding an optional field is compatible', () => {
    expect(compatibilityProblems(read('listing-started.v1.json'), read('fixtures/listing-started.v1.compatible.json'))).toEqual([]);
  });

  it('names the other breaking changes too: enum values, required-ness, a nested listing', () => {
    const base = publishedSchemaOf('resident-moved-in');
    const next = JSON.parse(JSON.stringify(base));
    next.properties.listing.oneOf[1].properties.since = { type: 'integer' };
    next.required = next.required.filter((r: string) => r !== 'eligible');
    expect(compatibilityProblems(base, next)).toEqual([
      { path: '/listing/since', problem: 'type changed from string to integer' },
      { path: '/eligible', problem: 'property no longer required (old consumers rely on it)' },
    ]);
    const ended = publishedSchemaOf('listing-ended');
    const more = JSON.parse(JSON.stringify(ended));
    more.properties.reason.enum.push('emigrated');
    expect(compatibilityProblems(ended, more)).toEqual([
      { path: '/reason', problem: 'enum value "emigrated" added (old consumers do not know it)' },
    ]);
  });

  it('holds a list’s items to the same rules (the services’ basis and channel ids)', () => {
    const base = publishedSchemaOf('service-published');
    const next = JSON.parse(JSON.stringify(base));
    next.properties.basis.items.enum.push('funder');
    next.properties.channelIds.items = { type: 'integer' };
    expect(compatibilityProblems(base, next)).toEqual([
      { path: '/channelIds[]', problem: 'type changed from string to integer' },
      { path: '/basis[]', problem: 'enum value "funder" added (old consumers do not know it)' },
    ]);
  });

  it('every example is valid against its schema, and the published files are valid JSON schemas', () => {
    const validator = new FeedPayloadValidator();
    const ajv = new Ajv2020({ strict: false });
    for (const name of FEED_EVENT_NAMES) {
      expect(validator.errors(name, FEED_EVENTS[name].example)).toEqual([]);
      expect(() => ajv.compile(read(`${name}.v${FEED_EVENTS[name].version}.json`))).not.toThrow();
    }
    expect(validator.errors('listing-started', { personRef: 'p' })).not.toEqual([]);
  });

  it('each municipality channel has its AsyncAPI 3 document', () => {
    const doc = municipalityAsyncApi('837') as {
      asyncapi: string;
      channels: { feed: { address: string } };
      components: { messages: object };
    };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels.feed.address).toBe('luotsi.municipality.837.v1');
    expect(Object.keys(doc.components.messages)).toEqual([...FEED_EVENT_NAMES]);
    expect(() => municipalityAsyncApi('999')).toThrow('not a municipality code');
  });
});
