import { DomainError } from '@luotsi/kernel';
import { isCode, segmentOf, type Coping, type RecommendedRoute, type Risk, type Segment } from '../vocabulary';

export const ANSWER_TYPES = ['yes-no', 'scale', 'choice', 'number'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

/** A question of the county's screening form; `scale` answers are 0–10, `choice` one of `options`. */
export interface Question {
  id: string;
  text: { fi: string; sv?: string; en?: string };
  type: AnswerType;
  required: boolean;
  options?: string[];
}

export interface ScreeningForm {
  version: number;
  questions: Question[];
}

export type Answer = boolean | number | string;

/** A rule: when the answer to `question` meets `op value`, it sets an axis or recommends a route, for `reason`. */
export interface ScreeningRule {
  id: string;
  question: string;
  op: 'eq' | 'gte' | 'lte' | 'in';
  value: Answer | Answer[];
  then: { coping: 'hard' } | { risk: 'high' } | { route: RecommendedRoute };
  reason: string;
}

export interface RuleSet {
  version: number;
  formVersion: number;
  rules: ScreeningRule[];
}

/** A rule that fired, as the worker sees it. */
export interface FiredReason {
  ruleId: string;
  effect: 'coping' | 'risk' | 'route';
  reason: string;
}

export interface ScreeningResult {
  formVersion: number;
  ruleSetVersion: number;
  coping: Coping;
  risk: Risk;
  segment: Segment;
  recommendedRoute: RecommendedRoute;
  reasons: FiredReason[];
}

/** The route a segment suggests when no rule names one. */
export const DEFAULT_ROUTE: Record<Segment, RecommendedRoute> = {
  'self-reliant': 'advice',
  supported: 'named-service',
  collaborative: 'named-professional',
  'cared-for': 'service-need-assessment',
};

const ROUTE_VALUES: readonly RecommendedRoute[] = ['advice', 'service-need-assessment', 'named-professional', 'named-service'];

const invalid = (code: string, message: string, details: Record<string, unknown>): never => {
  throw new DomainError(code, message, details, 'validation');
};

export function validateForm(questions: readonly Question[]): void {
  if (!Array.isArray(questions) || questions.length === 0 || questions.length > 100)
    invalid('INVALID_FORM', 'a form has 1 to 100 questions', {});
  const ids = new Set<string>();
  for (const [i, q] of questions.entries()) {
    if (!isCode(q.id)) invalid('INVALID_FORM', `question ${i + 1}: id is a code`, { question: i + 1 });
    if (ids.has(q.id)) invalid('INVALID_FORM', `question id ${q.id} twice`, { question: q.id });
    ids.add(q.id);
    if (!(ANSWER_TYPES as readonly string[]).includes(q.type)) invalid('INVALID_FORM', `${q.id}: unknown answer type`, { question: q.id });
    if (typeof q.required !== 'boolean') invalid('INVALID_FORM', `${q.id}: required is true or false`, { question: q.id });
    if (typeof q.text?.fi !== 'string' || !q.text.fi.trim())
      invalid('INVALID_FORM', `${q.id}: the Finnish text is required`, { question: q.id });
    if (q.type === 'choice' && (!Array.isArray(q.options) || q.options.length < 2 || !q.options.every(isCode)))
      invalid('INVALID_FORM', `${q.id}: a choice has at least two option codes`, { question: q.id });
    if (q.type !== 'choice' && q.options !== undefined) invalid('INVALID_FORM', `${q.id}: only a choice has options`, { question: q.id });
  }
}

function answerFits(q: Question, a: unknown): boolean {
  switch (q.type) {
    case 'yes-no':
      return typeof a === 'boolean';
    case 'scale':
      return typeof a === 'number' && Number.isInteger(a) && a >= 0 && a <= 10;
    case 'number':
      return typeof a === 'number' && Number.isFinite(a) && Math.abs(a) <= 1e6;
    case 'choice':
      return typeof a === 'string' && (q.options ?? []).includes(a);
  }
}

export function validateRules(rules: readonly ScreeningRule[], form: ScreeningForm): void {
  if (!Array.isArray(rules) || rules.length > 200) invalid('INVALID_RULES', 'a rule set has at most 200 rules', {});
  const ids = new Set<string>();
  for (const r of rules) {
    if (!isCode(r.id) || ids.has(r.id)) invalid('INVALID_RULES', 'each rule has a unique code id', { rule: String(r.id).slice(0, 60) });
    ids.add(r.id);
    const q = form.questions.find((x) => x.id === r.question);
    if (!q) invalid('INVALID_RULES', `${r.id}: no question ${String(r.question).slice(0, 60)} in form ${form.version}`, { rule: r.id });
    if (!['eq', 'gte', 'lte', 'in'].includes(r.op)) invalid('INVALID_RULES', `${r.id}: op is eq, gte, lte or in`, { rule: r.id });
    const values = r.op === 'in' ? r.value : [r.value];
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => answerFits(q!, v)))
      invalid('INVALID_RULES', `${r.id}: the value does not fit the question's answers`, { rule: r.id });
    if ((r.op === 'gte' || r.op === 'lte') && q!.type !== 'scale' && q!.type !== 'number')
      invalid('INVALID_RULES', `${r.id}: gte and lte compare numbers`, { rule: r.id });
    const t = r.then as Record<string, unknown>;
    const ok =
      t &&
      Object.keys(t).length === 1 &&
      (t['coping'] === 'hard' || t['risk'] === 'high' || ROUTE_VALUES.includes(t['route'] as RecommendedRoute));
    if (!ok) invalid('INVALID_RULES', `${r.id}: then is {coping: hard}, {risk: high} or {route}`, { rule: r.id });
    if (typeof r.reason !== 'string' || !r.reason.trim() || r.reason.length > 300)
      invalid('INVALID_RULES', `${r.id}: a reason of 1–300 characters says why`, { rule: r.id });
  }
}

/** Checks answers against the form: every required question answered, each answer of its type, no unknown question. */
export function validateAnswers(form: ScreeningForm, answers: Readonly<Record<string, unknown>>): void {
  const problems: Array<{ question: string; problem: string }> = [];
  for (const id of Object.keys(answers ?? {}))
    if (!form.questions.some((q) => q.id === id)) problems.push({ question: id.slice(0, 60), problem: 'not on the form' });
  for (const q of form.questions) {
    const a = answers?.[q.id];
    if (a === undefined || a === null) {
      if (q.required) problems.push({ question: q.id, problem: 'required' });
    } else if (!answerFits(q, a)) problems.push({ question: q.id, problem: `not a ${q.type} answer` });
  }
  if (problems.length > 0)
    throw new DomainError(
      'INVALID_ANSWERS',
      `the answers do not fit form version ${form.version}`,
      { formVersion: form.version, problems },
      'validation',
    );
}

function fires(rule: ScreeningRule, answer: Answer | undefined): boolean {
  if (answer === undefined) return false;
  switch (rule.op) {
    case 'eq':
      return answer === rule.value;
    case 'in':
      return (rule.value as Answer[]).includes(answer);
    case 'gte':
      return typeof answer === 'number' && answer >= (rule.value as number);
    case 'lte':
      return typeof answer === 'number' && answer <= (rule.value as number);
  }
}

/**
 * The segment and recommended route of a screening, with every rule that fired: an axis is `hard` /
 * `high` when any rule sets it, else `easy` / `low`; the route is the first firing route rule's
 * (rules in the county's order), else the segment's default — named as a reason too, so the worker
 * always sees why.
 */
export function evaluateScreening(form: ScreeningForm, ruleSet: RuleSet, answers: Readonly<Record<string, Answer>>): ScreeningResult {
  validateAnswers(form, answers);
  const reasons: FiredReason[] = [];
  let coping: Coping = 'easy';
  let risk: Risk = 'low';
  let route: RecommendedRoute | null = null;
  for (const rule of ruleSet.rules) {
    if (!fires(rule, answers[rule.question])) continue;
    if ('coping' in rule.then) {
      coping = 'hard';
      reasons.push({ ruleId: rule.id, effect: 'coping', reason: rule.reason });
    } else if ('risk' in rule.then) {
      risk = 'high';
      reasons.push({ ruleId: rule.id, effect: 'risk', reason: rule.reason });
    } else if (route === null) {
      route = rule.then.route;
      reasons.push({ ruleId: rule.id, effect: 'route', reason: rule.reason });
    }
  }
  const segment = segmentOf(coping, risk);
  if (route === null) {
    route = DEFAULT_ROUTE[segment];
    reasons.push({ ruleId: 'segment-default', effect: 'route', reason: `the default route of the ${segment} segment` });
  }
  return { formVersion: form.version, ruleSetVersion: ruleSet.version, coping, risk, segment, recommendedRoute: route, reasons };
}
