import { useEffect, useState } from 'react';
import { Button } from 'suomifi-ui-components';
import { api } from '../api';
import { useSession } from '../auth/session';
import { ApiFailure } from '../components/errors';
import { Page } from '../components/page';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { AppLink } from '../router';

/**
 * A client plan as its reader may see it: the API sends only the sections the reader's role and
 * purpose justify and says how many are withheld (never which), so the page shows exactly that.
 * The plan worker opens a plan from the requests contact intake's routings made; the resident
 * reads their own and sees who has read it (the access log's client-planning entries).
 */

interface Goal {
  goalId: string;
  domain: string;
  clientWords: string;
  workerWords: string;
  weight: number;
  levels: Record<string, string>;
  baselineLevel: number;
  status: string;
  followUps: Array<{ on: string; level: number; by: string }>;
}
interface Service {
  serviceId: string;
  sector: string;
  name: string;
  organisation: string;
  responsibleWorker: string;
  start: string;
  end: string | null;
  status: string;
}
interface Member {
  subject: string;
  name: string;
  role: string;
  organisation: string;
  purpose: string;
  validFrom: string;
  validTo: string | null;
}
interface PlanBody {
  planId: string;
  version: number;
  status: string;
  basis: string;
  withheldSections: number;
  sections: {
    plan?: { responsibleOrganisation: string; responsibleWorker: { name: string }; careTeam: Member[]; followUpDates: string[] };
    goals?: { goals: Goal[]; tScore: number | null };
    services?: Service[];
    health?: { services: Service[] };
    employment?: { services: Service[] };
  };
}

const LEVELS = ['-2', '-1', '0', '1', '2'] as const;

export function PlanView({ plan }: { plan: PlanBody }) {
  const { t, date, number } = useI18n();
  const s = plan.sections;
  const services = [...(s.services ?? []), ...(s.health?.services ?? []), ...(s.employment?.services ?? [])];
  const sectors = [...new Set(services.map((x) => x.sector))].sort();
  return (
    <div data-testid="plan">
      <p>
        {t('plans.status')}: <strong>{t(`plans.status.${plan.status}` as MessageKey)}</strong> · {t('plans.version', { n: plan.version })}
      </p>
      <p className="notice" data-testid="withheld">
        {plan.withheldSections > 0 ? t('plans.withheld', { count: plan.withheldSections }) : t('plans.nothingWithheld')}
      </p>
      {s.plan && (
        <section aria-labelledby="team-heading">
          <h2 id="team-heading">{t('plans.team.heading')}</h2>
          <p>{t('plans.responsible', { worker: s.plan.responsibleWorker.name, organisation: s.plan.responsibleOrganisation })}</p>
          <table className="table" data-testid="care-team">
            <caption className="visually-hidden">{t('plans.team.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plans.team.name')}</th>
                <th scope="col">{t('plans.team.role')}</th>
                <th scope="col">{t('plans.team.organisation')}</th>
                <th scope="col">{t('plans.team.purpose')}</th>
                <th scope="col">{t('plans.team.valid')}</th>
              </tr>
            </thead>
            <tbody>
              {s.plan.careTeam.map((m) => (
                <tr key={m.subject + m.validFrom}>
                  <td>{m.name}</td>
                  <td>{m.role}</td>
                  <td>{m.organisation}</td>
                  <td>{t(`plans.purpose.${m.purpose}` as MessageKey)}</td>
                  <td>
                    {date(m.validFrom)} – {m.validTo ? date(m.validTo) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {s.goals && (
        <section aria-labelledby="goals-heading">
          <h2 id="goals-heading">{t('plans.goals.heading')}</h2>
          <p data-testid="t-score">
            {s.goals.tScore === null ? t('plans.goals.noScore') : t('plans.goals.tScore', { score: number(s.goals.tScore) })}
          </p>
          {s.goals.goals.map((g) => {
            const latest = g.followUps[g.followUps.length - 1];
            const now = latest ? latest.level : g.baselineLevel;
            return (
              <article key={g.goalId} className="goal" data-testid="goal" aria-labelledby={`goal-${g.goalId}`}>
                <h3 id={`goal-${g.goalId}`}>{g.clientWords}</h3>
                <p>{g.workerWords}</p>
                <p className="hint">
                  {t(`plans.goalStatus.${g.status}` as MessageKey)} · {t('plans.goals.weight', { weight: number(g.weight) })}
                </p>
                <table className="table">
                  <caption>{t('plans.goals.levels')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('plans.goals.level')}</th>
                      <th scope="col">{t('plans.goals.meaning')}</th>
                      <th scope="col">{t('plans.goals.where')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {LEVELS.map((l) => (
                      <tr key={l} data-testid={`level-${g.goalId}-${l}`}>
                        <th scope="row">{l}</th>
                        <td>{g.levels[l]}</td>
                        <td>
                          {[
                            Number(l) === g.baselineLevel ? t('plans.goals.baseline') : '',
                            Number(l) === now && latest ? t('plans.goals.now') : '',
                          ]
                            .filter(Boolean)
                            .join(', ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <h4>{t('plans.goals.followUps')}</h4>
                {g.followUps.length === 0 ? (
                  <p>{t('plans.goals.noFollowUps')}</p>
                ) : (
                  <ul data-testid={`follow-ups-${g.goalId}`}>
                    {g.followUps.map((f) => (
                      <li key={f.on + f.level}>{t('plans.goals.followUp', { date: date(f.on), level: f.level })}</li>
                    ))}
                  </ul>
                )}
              </article>
            );
          })}
        </section>
      )}
      {services.length > 0 && (
        <section aria-labelledby="services-heading">
          <h2 id="services-heading">{t('plans.services.heading')}</h2>
          {sectors.map((sector) => (
            <div key={sector} data-testid={`sector-${sector}`}>
              <h3>{t(`plans.sector.${sector}` as MessageKey)}</h3>
              <ul>
                {services
                  .filter((x) => x.sector === sector)
                  .map((x) => (
                    <li key={x.serviceId}>
                      {x.name} · {x.organisation} · {x.responsibleWorker} · {date(x.start)} – {x.end ? date(x.end) : ''} ·{' '}
                      {t(`plans.serviceStatus.${x.status}` as MessageKey)}
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

interface PlanRequest {
  personRef: string;
  kind: string;
  municipality: string | null;
  route: string | null;
  on: string;
  plan: { planId: string; status: string } | null;
}

export function PlanWorkerPage() {
  const { t, date } = useI18n();
  const [requests, setRequests] = useState<PlanRequest[] | null>(null);
  const [plan, setPlan] = useState<PlanBody | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    void api<{ requests: PlanRequest[] }>('GET', '/plan-requests').then((r) =>
      r.ok ? setRequests(r.body.requests) : setFailure(r.error.code),
    );
  }, []);
  const open = async (personRef: string) => {
    setFailure(null);
    setPlan(null);
    const r = await api<PlanBody>('GET', `/persons/${encodeURIComponent(personRef)}/plan`);
    if (!r.ok) return setFailure(r.error.code);
    setPlan(r.body);
  };
  return (
    <Page title="plans.worker.title">
      <ApiFailure code={failure} />
      <h2>{t('plans.requests.heading')}</h2>
      {requests === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : requests.length === 0 ? (
        <p>{t('plans.requests.none')}</p>
      ) : (
        <ul className="link-list" data-testid="plan-requests">
          {requests.map((r, i) => (
            <li key={`${r.personRef}-${i}`}>
              {t('plans.requests.item', { date: date(r.on), municipality: r.municipality ?? '' })} ·{' '}
              <span data-testid="request-plan">
                {r.plan ? t(`plans.status.${r.plan.status}` as MessageKey) : t('plans.requests.noPlan')}
              </span>{' '}
              <Button variant="secondary" onClick={() => void open(r.personRef)} aria-label={t('plans.requests.openLabel', { n: i + 1 })}>
                {t('plans.requests.open')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {plan && <PlanView plan={plan} />}
    </Page>
  );
}

interface AccessEntry {
  at: string;
  role: string;
  organisation: string | null;
  username: string | null;
  purpose: string | null;
  what: string;
  outcome: string;
}

export function ResidentPlan() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const personRef = session.me?.personRef ?? null;
  const [plan, setPlan] = useState<PlanBody | null>(null);
  const [none, setNone] = useState(false);
  const [reads, setReads] = useState<AccessEntry[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!personRef) return;
    void api<PlanBody>('GET', `/persons/${encodeURIComponent(personRef)}/plan`).then((r) => {
      if (r.ok) setPlan(r.body);
      else if (r.error.code === 'PLAN_NOT_FOUND') setNone(true);
      else setFailure(r.error.code);
      // Read after the plan: my own read is in the log too.
      void api<{ entries: AccessEntry[] }>('GET', '/me/access-log?limit=50').then((l) =>
        l.ok ? setReads(l.body.entries.filter((e) => (e.purpose ?? '').startsWith('client-planning'))) : setFailure(l.error.code),
      );
    });
  }, [personRef]);
  return (
    <Page title="plans.resident.title">
      <ApiFailure code={failure} />
      {none && <p>{t('plans.resident.none')}</p>}
      {plan && <PlanView plan={plan} />}
      <section aria-labelledby="readers-heading">
        <h2 id="readers-heading">{t('plans.readers.heading')}</h2>
        {reads === null ? (
          <p role="status">{t('common.loading')}</p>
        ) : reads.length === 0 ? (
          <p>{t('plans.readers.none')}</p>
        ) : (
          <table className="table" data-testid="plan-readers">
            <caption className="visually-hidden">{t('plans.readers.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accessLog.col.when')}</th>
                <th scope="col">{t('accessLog.col.who')}</th>
                <th scope="col">{t('accessLog.col.what')}</th>
                <th scope="col">{t('accessLog.col.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {reads.map((e, i) => (
                <tr key={i}>
                  <td>{dateTime(e.at)}</td>
                  <td>{[t(`role.${e.role}` as MessageKey), e.username, e.organisation].filter(Boolean).join(' · ')}</td>
                  <td>
                    <code>{e.what}</code>
                  </td>
                  <td>{t(`outcome.${e.outcome}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <AppLink to="/resident/access-log">{t('nav.accessLog')}</AppLink>
        </p>
      </section>
    </Page>
  );
}
