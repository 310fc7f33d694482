import { deciderSpec } from '@luotsi/kernel/testing';
import { configDecider, currentScreening, queueFor, type ConfigEvent } from '../config/config-decider';
import { DEFAULT_POLICY } from '../config/policy';
import { EXAMPLE_OPENING_HOURS } from '../calendar/opening-hours';
import { segmentOf } from '../vocabulary';
import { evaluateScreening, type Question, type ScreeningRule } from './screening';

const QUESTIONS: Question[] = [
  { id: 'manages-daily-chores', text: { fi: 'Pärjäättekö arjessa?' }, type: 'yes-no', required: true },
  { id: 'worry-scale', text: { fi: 'Huoli 0–10' }, type: 'scale', required: true },
  { id: 'living', text: { fi: 'Asuminen' }, type: 'choice', required: false, options: ['alone', 'with-family', 'homeless'] },
];
const RULES: ScreeningRule[] = [
  {
    id: 'no-daily-coping',
    question: 'manages-daily-chores',
    op: 'eq',
    value: false,
    then: { coping: 'hard' },
    reason: 'does not manage daily chores',
  },
  { id: 'high-worry', question: 'worry-scale', op: 'gte', value: 7, then: { risk: 'high' }, reason: 'worry 7 or more' },
  { id: 'homeless', question: 'living', op: 'in', value: ['homeless'], then: { route: 'service-need-assessment' }, reason: 'no home' },
];
const form = { version: 1, questions: QUESTIONS };
const rules = { version: 1, formVersion: 1, rules: RULES };
const spec = deciderSpec(configDecider);

describe('structured screening: two axes, a segment and a route, with the reasons that fired', () => {
  it('maps the two axes to the four segments', () => {
    expect([segmentOf('easy', 'low'), segmentOf('hard', 'low'), segmentOf('easy', 'high'), segmentOf('hard', 'high')]).toEqual([
      'self-reliant',
      'supported',
      'collaborative',
      'cared-for',
    ]);
  });

  it('gives each segment with the rules that fired and the route', () => {
    expect(evaluateScreening(form, rules, { 'manages-daily-chores': true, 'worry-scale': 2 })).toEqual({
      formVersion: 1,
      ruleSetVersion: 1,
      coping: 'easy',
      risk: 'low',
      segment: 'self-reliant',
      recommendedRoute: 'advice',
      reasons: [{ ruleId: 'segment-default', effect: 'route', reason: 'the default route of the self-reliant segment' }],
    });
    const cared = evaluateScreening(form, rules, { 'manages-daily-chores': false, 'worry-scale': 8, living: 'homeless' });
    expect(cared).toMatchObject({ segment: 'cared-for', recommendedRoute: 'service-need-assessment' });
    expect(cared.reasons.map((r) => r.ruleId)).toEqual(['no-daily-coping', 'high-worry', 'homeless']);
    expect(evaluateScreening(form, rules, { 'manages-daily-chores': false, 'worry-scale': 3 })).toMatchObject({
      segment: 'supported',
      recommendedRoute: 'named-service',
    });
    expect(evaluateScreening(form, rules, { 'manages-daily-chores': true, 'worry-scale': 7 })).toMatchObject({
      segment: 'collaborative',
      recommendedRoute: 'named-professional',
    });
  });

  it('refuses answers that miss a required question, do not fit its type or are not on the form', () => {
    expect(() => evaluateScreening(form, rules, { 'worry-scale': 11, extra: 1 } as never)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ANSWERS',
        details: expect.objectContaining({
          problems: [
            { question: 'extra', problem: 'not on the form' },
            { question: 'manages-daily-chores', problem: 'required' },
            { question: 'worry-scale', problem: 'not a scale answer' },
          ],
        }),
      }),
    );
  });
});

describe("the county's configuration: every change an event, forms and rules versioned", () => {
  const formPublished: ConfigEvent = { type: 'ScreeningFormPublished', data: { form, setBy: 'county:anna' } };

  it('versions the form and the rule set, and a repeat publishes nothing', () => {
    spec.given([]).when({ type: 'PublishForm', questions: QUESTIONS, setBy: 'county:anna' }).then([formPublished]);
    spec.given([formPublished]).when({ type: 'PublishForm', questions: QUESTIONS, setBy: 'county:anna' }).then([]);
    expect(
      spec
        .given([formPublished])
        .when({ type: 'PublishForm', questions: QUESTIONS.slice(0, 2), setBy: 'county:anna' })
        .events()[0],
    ).toMatchObject({
      data: { form: { version: 2 } },
    });
    const published = spec
      .given([formPublished])
      .when({ type: 'PublishRules', formVersion: 1, rules: RULES, setBy: 'county:anna' })
      .events();
    expect(published).toEqual([{ type: 'ScreeningRulesPublished', data: { ruleSet: rules, setBy: 'county:anna' } }]);
    const state = [formPublished, ...published].reduce(configDecider.evolve, configDecider.initialState());
    expect(currentScreening(state)).toEqual({ form, ruleSet: rules });
  });

  it('refuses rules about questions the form does not have, or values the question cannot take', () => {
    spec.given([]).when({ type: 'PublishRules', formVersion: 1, rules: RULES, setBy: 'x' }).thenFails('FORM_NOT_FOUND');
    spec
      .given([formPublished])
      .when({ type: 'PublishRules', formVersion: 1, rules: [{ ...RULES[0]!, question: 'nope' }], setBy: 'x' })
      .thenFails('INVALID_RULES');
    spec
      .given([formPublished])
      .when({ type: 'PublishRules', formVersion: 1, rules: [{ ...RULES[1]!, value: 'high' }], setBy: 'x' })
      .thenFails('INVALID_RULES');
    spec
      .given([formPublished])
      .when({ type: 'PublishRules', formVersion: 1, rules: [{ ...RULES[0]!, op: 'gte' }], setBy: 'x' })
      .thenFails('INVALID_RULES');
    spec
      .given([])
      .when({ type: 'PublishForm', questions: [{ ...QUESTIONS[2]!, options: ['one'] }], setBy: 'x' })
      .thenFails('INVALID_FORM');
  });

  it('defines queues per municipality group and language, one queue for each pair', () => {
    const queue = {
      queueId: 'tampere-fi',
      name: 'Tampere',
      municipalities: ['837', '211'],
      language: 'fi' as const,
      organisation: 'pirkanmaa',
      openingHours: EXAMPLE_OPENING_HOURS,
    };
    const defined = spec.given([]).when({ type: 'DefineQueue', queue, setBy: 'county:anna' }).events();
    expect(defined[0]).toMatchObject({ data: { queue: { municipalities: ['211', '837'] } } });
    spec
      .given(defined)
      .when({ type: 'DefineQueue', queue: { ...queue, queueId: 'kangasala-fi', municipalities: ['211'] }, setBy: 'x' })
      .thenFails('INVALID_QUEUE', { overlap: ['211'] });
    expect(
      spec
        .given(defined)
        .when({ type: 'DefineQueue', queue: { ...queue, queueId: 'tampere-sv', language: 'sv' }, setBy: 'x' })
        .events(),
    ).toHaveLength(1);
    const state = defined.reduce(configDecider.evolve, configDecider.initialState());
    expect(queueFor(state.queues.values(), '211', 'fi')?.queueId).toBe('tampere-fi');
    expect(queueFor(state.queues.values(), '211', 'sv')).toBeNull();
  });

  it('sets the policy within bounds', () => {
    expect(spec.given([]).when({ type: 'SetPolicy', policy: DEFAULT_POLICY, setBy: 'county:anna' }).events()).toHaveLength(1);
    spec
      .given([])
      .when({ type: 'SetPolicy', policy: { ...DEFAULT_POLICY, repeatWindowDays: 0 }, setBy: 'x' })
      .thenFails('INVALID_POLICY', { field: 'repeatWindowDays' });
  });
});
