import { useState } from 'react';
import { Button } from 'suomifi-ui-components';
import { api } from '../api';
import { ApiFailure } from '../components/errors';
import { Page } from '../components/page';
import { helsinkiToday } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { AppLink, useRouter } from '../router';
import { useSession } from '../auth/session';
import { loadListing, loadProviders, must, providerName, stationName, useLoad, type Listing } from '../data';
import { useDraft } from './switch-flow';

/** A resident's station now and from when, the pending switch and its cancellation. */
export function ListingSummary({ personRef, switchPath, staff }: { personRef: string; switchPath: string; staff: boolean }) {
  const { t, date } = useI18n();
  const { navigate } = useRouter();
  const { reset } = useDraft();
  const providers = useLoad('providers', loadProviders);
  const listing = useLoad<Listing>(personRef, () => loadListing(personRef));
  const [failure, setFailure] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  if (listing.failed) return <ApiFailure code={listing.failed} />;
  const l = listing.data;
  if (!l) return <p role="status">{t('common.loading')}</p>;
  const cancel = async () => {
    const r = await api('DELETE', `/residents/${encodeURIComponent(personRef)}/switches/pending`, { idempotent: true });
    if (!r.ok) return setFailure(r.error.code);
    setCancelled(true);
    listing.reload();
  };
  const start = () => {
    reset(personRef);
    navigate(switchPath);
  };
  return (
    <>
      <ApiFailure code={failure} />
      {cancelled && (
        <div role="status" className="notice notice-success">
          {t('resident.cancelled')}
        </div>
      )}
      <section className="panel" aria-labelledby="current-heading">
        <h2 id="current-heading">{t('resident.current.heading')}</h2>
        {l.current ? (
          <dl className="summary">
            <div className="summary-row">
              <dt>{t('resident.current.station')}</dt>
              <dd data-testid="current-station">{stationName(providers.data, l.current.stationId)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('resident.current.provider')}</dt>
              <dd>{providerName(providers.data, l.current.providerId)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('resident.current.from')}</dt>
              <dd>{date(l.current.effectiveFrom)}</dd>
            </div>
            {l.current.reason && (
              <div className="summary-row">
                <dt>{t('resident.current.how')}</dt>
                <dd>{t(`listingReason.${l.current.reason}` as MessageKey)}</dd>
              </div>
            )}
          </dl>
        ) : (
          <p>{t('resident.current.none')}</p>
        )}
      </section>
      {l.upcoming && (
        <section className="panel" aria-labelledby="upcoming-heading" data-testid="pending-switch">
          <h2 id="upcoming-heading">{l.upcoming.status === 'pending' ? t('resident.pending.heading') : t('resident.scheduled.heading')}</h2>
          <p>
            {t('resident.pending.text', {
              station: stationName(providers.data, l.upcoming.stationId),
              date: date(l.upcoming.effectiveFrom),
            })}
          </p>
          {l.upcoming.status === 'pending' && (
            <Button variant="secondary" onClick={() => void cancel()}>
              {t('resident.pending.cancel')}
            </Button>
          )}
        </section>
      )}
      <section className="panel" aria-labelledby="switch-heading">
        <h2 id="switch-heading">{t('resident.switch.heading')}</h2>
        {l.eligible ? (
          <>
            {l.nextPossibleSwitchDate && (
              <p data-testid="next-possible">{t('resident.switch.earliest', { date: date(l.nextPossibleSwitchDate) })}</p>
            )}
            <Button onClick={start}>{staff ? t('guidance.switch.start') : t('resident.switch.start')}</Button>
          </>
        ) : (
          <p>{t('resident.switch.notEligible')}</p>
        )}
      </section>
    </>
  );
}

export function ResidentHome() {
  const { me } = useSession();
  const { t } = useI18n();
  return (
    <Page title="resident.title">
      {me?.personRef ? (
        <ListingSummary personRef={me.personRef} switchPath="/resident/switch" staff={false} />
      ) : (
        <p>{t('resident.unknown')}</p>
      )}
      <ul className="link-list">
        <li>
          <AppLink to="/resident/fees">{t('nav.fees')}</AppLink>
        </li>
        <li>
          <AppLink to="/resident/access-log">{t('nav.accessLog')}</AppLink>
        </li>
      </ul>
    </Page>
  );
}

interface Statement {
  year: number;
  lines: Array<{
    date: string;
    serviceType: string;
    visitId: string;
    listPriceCents: number;
    chargedCents: number;
    countsTowardCap: boolean;
  }>;
  totalChargedCents: number;
  accumulatedTowardCapCents: number;
  capReachedOn: string | null;
  capCents: number | null;
}

/** My client fees this year, how far from the cap, and the yearly statement. */
export function ResidentFees() {
  const { me } = useSession();
  const { t, date, euros } = useI18n();
  const thisYear = Number(helsinkiToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const statement = useLoad<Statement>(me?.personRef ? `${me.personRef}/${year}` : null, () =>
    must(api<Statement>('GET', `/client-fees/${encodeURIComponent(me!.personRef!)}/${year}`)),
  );
  const s = statement.data;
  return (
    <Page title="fees.title">
      <div className="field">
        <label htmlFor="fee-year" className="label">
          {t('fees.year')}
        </label>
        <select id="fee-year" className="select" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <ApiFailure code={statement.failed} />
      {s && (
        <>
          <dl className="summary">
            <div className="summary-row">
              <dt>{t('fees.total')}</dt>
              <dd data-testid="fees-total">{euros(s.totalChargedCents)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('fees.towardCap')}</dt>
              <dd>{euros(s.accumulatedTowardCapCents)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('fees.cap')}</dt>
              <dd>
                {s.capReachedOn && s.capCents !== null
                  ? t('fees.capReached', { date: date(s.capReachedOn), cap: euros(s.capCents) })
                  : t('fees.capNotReached')}
              </dd>
            </div>
          </dl>
          <h2>{t('fees.statement', { year: s.year })}</h2>
          {s.lines.length === 0 ? (
            <p>{t('fees.none')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('fees.statement', { year: s.year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fees.col.date')}</th>
                  <th scope="col">{t('fees.col.service')}</th>
                  <th scope="col">{t('fees.col.listPrice')}</th>
                  <th scope="col">{t('fees.col.charged')}</th>
                  <th scope="col">{t('fees.col.towardCap')}</th>
                </tr>
              </thead>
              <tbody>
                {s.lines.map((l) => (
                  <tr key={l.visitId}>
                    <td>{date(l.date)}</td>
                    <td>{t(`serviceType.${l.serviceType}` as MessageKey)}</td>
                    <td className="num">{euros(l.listPriceCents)}</td>
                    <td className="num">{euros(l.chargedCents)}</td>
                    <td>{l.countsTowardCap ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
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

/** Who has read my data (client-data act 703/2023). */
export function ResidentAccessLog() {
  const { t, dateTime } = useI18n();
  const log = useLoad('access-log', () => must(api<{ entries: AccessEntry[] }>('GET', '/me/access-log?limit=50')));
  return (
    <Page title="accessLog.title">
      <p>{t('accessLog.intro')}</p>
      <ApiFailure code={log.failed} />
      {log.data && (
        <table className="table" data-testid="access-log">
          <caption className="visually-hidden">{t('accessLog.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('accessLog.col.when')}</th>
              <th scope="col">{t('accessLog.col.who')}</th>
              <th scope="col">{t('accessLog.col.purpose')}</th>
              <th scope="col">{t('accessLog.col.what')}</th>
              <th scope="col">{t('accessLog.col.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data.entries.map((e, i) => (
              <tr key={i}>
                <td>{dateTime(e.at)}</td>
                <td>
                  {t(`role.${e.role}` as MessageKey)}
                  {e.username ? ` · ${e.username}` : ''}
                  {e.organisation ? ` · ${e.organisation}` : ''}
                </td>
                <td>{e.purpose ? t(`purpose.${e.purpose}` as MessageKey) : ''}</td>
                <td>
                  <code>{e.what}</code>
                </td>
                <td>{t(`outcome.${e.outcome}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
