import { assertNever, DomainError, LocalDate, type Decider, type PersonRef } from '@luotsi/kernel';

/**
 * Guardianship links (huoltajuus) from the population register, kept by identity: the register
 * names guardian and child by identity code, identity resolves both to personRefs, and only the
 * personRefs leave it. Billing counts a minor's client fees toward the guardian the child's fees
 * join (734/1992 6 a §); a child may have two guardians, so which one is recorded here, from the
 * register row or, when the row says nothing, by the configured default.
 */

/** How a child's guardian for fees is chosen when the register row does not say (RuntimeConfig.feeGuardianDefault). */
export const FEE_GUARDIAN_DEFAULTS = ['first-recorded', 'last-recorded'] as const;
export type FeeGuardianDefault = (typeof FEE_GUARDIAN_DEFAULTS)[number];

export type GuardianshipRecorded = {
  type: 'GuardianshipRecorded';
  data: {
    childRef: PersonRef;
    guardianRef: PersonRef;
    from: LocalDate;
    /** The last day; null while it lasts. */
    to: LocalDate | null;
    /** The child's 18th birthday, from the identity code's birth date: billing's fee rule needs no more of it. */
    childAdultOn: LocalDate;
    /** Whether the child's fees join this guardian's total (exactly one of a child's guardians at a time). */
    feesJoin: boolean;
  };
};
export type GuardianshipEvent = GuardianshipRecorded;

export type GuardianshipCommand = {
  type: 'RecordGuardianship';
  childRef: PersonRef;
  guardianRef: PersonRef;
  /** From the child's identity code (identity's own knowledge, never a field of the row). */
  childBirthDate: LocalDate;
  from: LocalDate;
  to: LocalDate | null;
  /** The register row's word on whose total the fees join: true/false, or null to leave it to the default. */
  feesJoin: boolean | null;
  feesDefault: FeeGuardianDefault;
};

interface Link {
  from: LocalDate;
  to: LocalDate | null;
  feesJoin: boolean;
  childAdultOn: LocalDate;
}
export interface GuardianshipState {
  /** guardianRef → the link, in the order the guardians were first recorded. */
  links: Map<PersonRef, Link>;
}

const initialState = (): GuardianshipState => ({ links: new Map() });

/** The 18th birthday, as LocalDate.ageOn reckons ages (born 29 February → 1 March in common years). */
export function eighteenthBirthday(birthDate: LocalDate): LocalDate {
  const { year, month, day } = LocalDate.parts(birthDate);
  const y = year + 18;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return month === 2 && day === 29 && !leap ? LocalDate.of(y, 3, 1) : LocalDate.of(y, month, day);
}

const refuse = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, details, 'validation');

/** Messages name dates and rules, never a person: they end up in the import's answer. */
function validate(c: GuardianshipCommand, adultOn: LocalDate): void {
  if (c.childRef === c.guardianRef) throw refuse('GUARDIAN_IS_CHILD', 'a person cannot be their own guardian');
  if (c.from < c.childBirthDate) throw refuse('BEFORE_BIRTH', 'the guardianship starts before the child was born', { from: c.from });
  if (c.from >= adultOn)
    throw refuse('CHILD_NOT_MINOR', 'the child is of age on the start date: guardianship is of a minor', { from: c.from });
  if (c.to !== null && c.to < c.from) throw refuse('INVALID_PERIOD', 'to is before from', { from: c.from, to: c.to });
}

/**
 * Records (or updates) one guardian's link with a child. The same row again appends nothing. The
 * fees join exactly one guardian: the one a row names (feesJoin true); when a row says nothing, the
 * child's first guardian keeps them (`first-recorded`) or a newly recorded guardian takes them
 * (`last-recorded`); a row saying false for the chosen guardian hands them to the child's other
 * guardian, first recorded first. Every link whose choice changes is stated again.
 */
function decide(c: GuardianshipCommand, s: GuardianshipState): GuardianshipEvent[] {
  if (c.type !== 'RecordGuardianship') return assertNever(c.type);
  const childAdultOn = eighteenthBirthday(c.childBirthDate);
  validate(c, childAdultOn);
  const existing = s.links.get(c.guardianRef);
  const chosenBefore = [...s.links].find(([, l]) => l.feesJoin)?.[0] ?? null;
  let chosen: PersonRef | null = chosenBefore;
  if (c.feesJoin === true) chosen = c.guardianRef;
  else if (c.feesJoin === false && chosenBefore === c.guardianRef) chosen = [...s.links.keys()].find((g) => g !== c.guardianRef) ?? null;
  else if (c.feesJoin === null && (chosenBefore === null || (!existing && c.feesDefault === 'last-recorded'))) chosen = c.guardianRef;
  const links = new Map(s.links).set(c.guardianRef, { from: c.from, to: c.to, feesJoin: false, childAdultOn });
  const events: GuardianshipEvent[] = [];
  for (const [guardianRef, link] of links) {
    const next = { ...link, feesJoin: guardianRef === chosen };
    const before = s.links.get(guardianRef);
    if (before && before.from === next.from && before.to === next.to && before.feesJoin === next.feesJoin) continue;
    events.push({
      type: 'GuardianshipRecorded',
      data: { childRef: c.childRef, guardianRef, from: next.from, to: next.to, childAdultOn: next.childAdultOn, feesJoin: next.feesJoin },
    });
  }
  return events;
}

function evolve(s: GuardianshipState, e: GuardianshipEvent): GuardianshipState {
  switch (e.type) {
    case 'GuardianshipRecorded': {
      const { guardianRef, from, to, feesJoin, childAdultOn } = e.data;
      return { links: new Map(s.links).set(guardianRef, { from, to, feesJoin, childAdultOn }) };
    }
    default:
      return assertNever(e.type);
  }
}

export const guardianshipDecider: Decider<GuardianshipCommand, GuardianshipEvent, GuardianshipState> = {
  decide,
  evolve,
  initialState,
};

/** One stream per child: `guardianship-<childRef>`. */
export const guardianshipStream = (childRef: string): string => `guardianship-${childRef}`;
