import { PersonRef, type LocalDate } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { eighteenthBirthday, guardianshipDecider, type GuardianshipCommand, type GuardianshipEvent } from './guardianship';
import { identityContract } from './identity-contract';

const spec = deciderSpec(guardianshipDecider);
const ref = (n: number) => PersonRef.fromUuid(`0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e${String(n).padStart(2, '0')}`);
const [CHILD, MOTHER, FATHER] = [ref(1), ref(2), ref(3)];
const d = (s: string) => s as LocalDate;
const row = (guardianRef: PersonRef, over: Partial<GuardianshipCommand> = {}): GuardianshipCommand => ({
  type: 'RecordGuardianship',
  childRef: CHILD,
  guardianRef,
  childBirthDate: d('2012-06-15'),
  from: d('2012-06-15'),
  to: null,
  feesJoin: null,
  feesDefault: 'first-recorded',
  ...over,
});
const run = (commands: GuardianshipCommand[]) =>
  commands.reduce<GuardianshipEvent[]>((events, c) => [...events, ...spec.given(events).when(c).events()], []);
const chosen = (events: GuardianshipEvent[]) => {
  const latest = new Map(events.map((e) => [e.data.guardianRef, e.data.feesJoin]));
  return [...latest].filter(([, joins]) => joins).map(([g]) => g);
};

describe('guardianship links', () => {
  it("records a guardian of a minor by personRef, with the child's 18th birthday and nothing else of the child", () => {
    spec
      .given([])
      .when(row(MOTHER))
      .then([
        {
          type: 'GuardianshipRecorded',
          data: { childRef: CHILD, guardianRef: MOTHER, from: d('2012-06-15'), to: null, childAdultOn: d('2030-06-15'), feesJoin: true },
        },
      ]);
  });

  it('is idempotent: the same row again appends nothing; a changed end date is recorded', () => {
    const events = run([row(MOTHER)]);
    spec.given(events).when(row(MOTHER)).then([]);
    expect(
      spec
        .given(events)
        .when(row(MOTHER, { to: d('2026-03-31') }))
        .events(),
    ).toEqual([expect.objectContaining({ data: expect.objectContaining({ guardianRef: MOTHER, to: '2026-03-31', feesJoin: true }) })]);
  });

  it('keeps the fees with one of two guardians: the first recorded by default, the last if so configured, or the one a row names', () => {
    expect(chosen(run([row(MOTHER), row(FATHER)]))).toEqual([MOTHER]);
    expect(chosen(run([row(MOTHER, { feesDefault: 'last-recorded' }), row(FATHER, { feesDefault: 'last-recorded' })]))).toEqual([FATHER]);
    const named = run([row(MOTHER), row(FATHER, { feesJoin: true })]);
    expect(chosen(named)).toEqual([FATHER]);
    // The switch is stated for both links, so a reader keeping the latest of each sees one choice.
    expect(named.slice(1).map((e) => [e.data.guardianRef, e.data.feesJoin])).toEqual([
      [MOTHER, false],
      [FATHER, true],
    ]);
    expect(chosen(run([row(MOTHER), row(FATHER), row(MOTHER, { feesJoin: false })]))).toEqual([FATHER]);
  });

  it('refuses links that cannot be, with stable codes that name no person', () => {
    spec.given([]).when(row(CHILD)).thenFails('GUARDIAN_IS_CHILD');
    spec
      .given([])
      .when(row(MOTHER, { from: d('2012-06-14') }))
      .thenFails('BEFORE_BIRTH');
    spec
      .given([])
      .when(row(MOTHER, { from: d('2030-06-15') }))
      .thenFails('CHILD_NOT_MINOR');
    spec
      .given([])
      .when(row(MOTHER, { from: d('2020-01-01'), to: d('2019-12-31') }))
      .thenFails('INVALID_PERIOD');
  });

  it('reckons the 18th birthday as ages are reckoned: 29 February comes of age on 1 March in a common year', () => {
    expect(eighteenthBirthday(d('2008-06-15'))).toBe('2026-06-15');
    expect(eighteenthBirthday(d('2008-02-29'))).toBe('2026-03-01');
    expect(eighteenthBirthday(d('2010-02-28'))).toBe('2028-02-28');
    expect(eighteenthBirthday(d('2012-02-29'))).toBe('2030-03-01');
  });

  it('publishes exactly the mapped fields, valid against the schema', () => {
    const [def] = identityContract.events;
    expect(def!.toPublic!({ ...def!.example, identityCode: 'never' })).toEqual(def!.example);
  });
});
