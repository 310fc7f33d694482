import { CHANNELS, LANGUAGES, PREVIOUS_MAIN_USES, SERVICE_LINES, SWITCH_REASONS } from '@luotsi/provider-choice-domain';
import * as web from './data';

/**
 * The web app keeps its own copy of provider choice's vocabularies, so the browser bundle carries
 * no server code (ADR 0011); this is what keeps the copy from drifting: a value added on the
 * server and not in the app (or the other way round) fails here, not in a resident's form.
 */
describe("the web app's vocabularies are provider choice's", () => {
  it.each([
    ['service lines', web.SERVICE_LINES, SERVICE_LINES],
    ['languages', web.LANGUAGES, LANGUAGES],
    ['switch reasons', web.SWITCH_REASONS, SWITCH_REASONS],
    ['previous main uses', web.PREVIOUS_MAIN_USES, PREVIOUS_MAIN_USES],
    ['channels a guidance worker switches by', web.STAFF_CHANNELS, CHANNELS.filter((c) => c !== 'portal')],
  ])('%s', (_name, ours, theirs) => {
    expect([...ours]).toEqual([...theirs]);
  });
});
