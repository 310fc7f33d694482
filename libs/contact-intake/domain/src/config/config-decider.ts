import { assertNever, DomainError, type Decider } from '@luotsi/kernel';
import { validateOpeningHours, type OpeningHours } from '../calendar/opening-hours';
import { validateForm, validateRules, type Question, type RuleSet, type ScreeningForm, type ScreeningRule } from '../screening/screening';
import { isCode, isMunicipalityCode, LANGUAGES, type Language } from '../vocabulary';
import { validatePolicy, type IntakePolicy } from './policy';

/**
 * A queue: contacts of a group of municipalities in one language, handled by one guidance
 * organisation (KomPAssi: three municipalities' guidance handled nine's contacts), open in the
 * county's hours.
 */
export interface Queue {
  queueId: string;
  name: string;
  municipalities: string[];
  language: Language;
  /** The guidance organisation that holds the queue's contacts (a worker's `organisation` claim). */
  organisation: string;
  openingHours: OpeningHours;
}

export type ConfigEvent =
  | { type: 'PolicySet'; data: { policy: IntakePolicy; setBy: string } }
  | { type: 'QueueDefined'; data: { queue: Queue; setBy: string } }
  | { type: 'ScreeningFormPublished'; data: { form: ScreeningForm; setBy: string } }
  | { type: 'ScreeningRulesPublished'; data: { ruleSet: RuleSet; setBy: string } };

export type ConfigCommand =
  | { type: 'SetPolicy'; policy: IntakePolicy; setBy: string }
  | { type: 'DefineQueue'; queue: Queue; setBy: string }
  | { type: 'PublishForm'; questions: Question[]; setBy: string }
  | { type: 'PublishRules'; formVersion: number; rules: ScreeningRule[]; setBy: string };

export interface ConfigState {
  policy: IntakePolicy | null;
  queues: ReadonlyMap<string, Queue>;
  forms: readonly ScreeningForm[];
  ruleSets: readonly RuleSet[];
}

/** The county's intake configuration lives in one stream: every change is an event. */
export const CONFIG_STREAM = 'ciconfig-county';

const initialState = (): ConfigState => ({ policy: null, queues: new Map(), forms: [], ruleSets: [] });

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function validateQueue(q: Queue, others: Iterable<Queue>): Queue {
  const bad = (why: string, details: Record<string, unknown> = {}): never => {
    throw new DomainError('INVALID_QUEUE', why, { queueId: q.queueId, ...details }, 'validation');
  };
  if (!isCode(q.queueId)) bad('queueId is a code');
  if (typeof q.name !== 'string' || !q.name.trim() || q.name.length > 200) bad('a name of 1–200 characters');
  if (!Array.isArray(q.municipalities) || q.municipalities.length === 0 || !q.municipalities.every(isMunicipalityCode))
    bad('municipalities are three-digit codes, at least one');
  if (!LANGUAGES.includes(q.language)) bad('language is fi, sv or en');
  if (!isCode(q.organisation)) bad('organisation is a code');
  validateOpeningHours(q.openingHours);
  // One queue per municipality and language, so a contact's queue is never a guess.
  for (const other of others) {
    if (other.queueId === q.queueId || other.language !== q.language) continue;
    const overlap = other.municipalities.filter((m) => q.municipalities.includes(m));
    if (overlap.length > 0)
      bad(`queue ${other.queueId} already takes ${overlap.join(', ')} in ${q.language}`, { overlap, queue: other.queueId });
  }
  return { ...q, municipalities: [...new Set(q.municipalities)].sort() };
}

function decide(c: ConfigCommand, s: ConfigState): ConfigEvent[] {
  switch (c.type) {
    case 'SetPolicy': {
      const policy = validatePolicy(c.policy);
      return same(policy, s.policy) ? [] : [{ type: 'PolicySet', data: { policy, setBy: c.setBy } }];
    }
    case 'DefineQueue': {
      const queue = validateQueue(c.queue, s.queues.values());
      return same(queue, s.queues.get(queue.queueId)) ? [] : [{ type: 'QueueDefined', data: { queue, setBy: c.setBy } }];
    }
    case 'PublishForm': {
      validateForm(c.questions);
      const latest = s.forms[s.forms.length - 1];
      if (latest && same(latest.questions, c.questions)) return [];
      return [
        { type: 'ScreeningFormPublished', data: { form: { version: (latest?.version ?? 0) + 1, questions: c.questions }, setBy: c.setBy } },
      ];
    }
    case 'PublishRules': {
      const form = s.forms.find((f) => f.version === c.formVersion);
      if (!form)
        throw new DomainError('FORM_NOT_FOUND', `no screening form version ${c.formVersion}`, { formVersion: c.formVersion }, 'not_found');
      validateRules(c.rules, form);
      const latest = s.ruleSets[s.ruleSets.length - 1];
      if (latest && latest.formVersion === c.formVersion && same(latest.rules, c.rules)) return [];
      return [
        {
          type: 'ScreeningRulesPublished',
          data: { ruleSet: { version: (latest?.version ?? 0) + 1, formVersion: c.formVersion, rules: c.rules }, setBy: c.setBy },
        },
      ];
    }
    default:
      return assertNever(c);
  }
}

function evolve(s: ConfigState, e: ConfigEvent): ConfigState {
  switch (e.type) {
    case 'PolicySet':
      return { ...s, policy: e.data.policy };
    case 'QueueDefined':
      return { ...s, queues: new Map([...s.queues, [e.data.queue.queueId, e.data.queue]]) };
    case 'ScreeningFormPublished':
      return { ...s, forms: [...s.forms, e.data.form] };
    case 'ScreeningRulesPublished':
      return { ...s, ruleSets: [...s.ruleSets, e.data.ruleSet] };
    default:
      return assertNever(e);
  }
}

export const configDecider: Decider<ConfigCommand, ConfigEvent, ConfigState> = { decide, evolve, initialState };

/** The queue that takes a municipality's contacts in a language, if any. */
export function queueFor(queues: Iterable<Queue>, municipality: string, language: Language): Queue | null {
  for (const q of queues) if (q.language === language && q.municipalities.includes(municipality)) return q;
  return null;
}

/** The rule set in force: the latest, with the form it was written for. */
export function currentScreening(s: Pick<ConfigState, 'forms' | 'ruleSets'>): { form: ScreeningForm; ruleSet: RuleSet } | null {
  const ruleSet = s.ruleSets[s.ruleSets.length - 1];
  const form = ruleSet ? s.forms.find((f) => f.version === ruleSet.formVersion) : undefined;
  return ruleSet && form ? { form, ruleSet } : null;
}
