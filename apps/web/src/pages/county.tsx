import { useState } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { api } from '../api';
import { ApiFailure } from '../components/errors';
import { Page } from '../components/page';
import { firstOfNextMonth, helsinkiToday } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { loadProviders, must, statusOn, useLoad } from '../data';

/** Providers and stations, with approval, suspension and termination; the choice area. */
export function CountyPage() {
  const { t, date } = useI18n();
  const providers = useLoad('providers', loadProviders);
  const area = useLoad('choice-area', () =>
    must(api<{ switchPeriodMonths: number; postalCodes: Record<string, { defaultStationId: string }> }>('GET', '/choice-area')),
  );
  const [from, setFrom] = useState(firstOfNextMonth(helsinkiToday()));
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const today = helsinkiToday();
  const act = async (providerId: string, action: 'approval' | 'suspension' | 'termination') => {
    setFailure(null);
    setDone(false);
    const r = await api('POST', `/providers/${encodeURIComponent(providerId)}/${action}`, {
      idempotent: true,
      body: action === 'approval' ? { from } : { from, reason: t(`county.reason.${action}`) },
    });
    if (!r.ok) return setFailure(r.error.code);
    setDone(true);
    providers.reload();
  };
  return (
    <Page title="county.title">
      <ApiFailure code={failure} />
      {done && (
        <div role="status" className="notice notice-success">
          {t('county.saved')}
        </div>
      )}
      <TextInput
        id="decision-from"
        labelText={t('county.from')}
        hintText={t('county.fromHint')}
        value={from}
        onChange={(v) => setFrom(String(v ?? ''))}
      />
      <h2>{t('county.providers')}</h2>
      {(providers.data ?? []).map((p) => (
        <section className="panel" key={p.providerId} aria-labelledby={`provider-${p.providerId}`}>
          <h3 id={`provider-${p.providerId}`}>{p.name}</h3>
          <p>
            {p.businessId} · {t(`providerKind.${p.kind}` as MessageKey)} · {t(`providerStatus.${statusOn(p, today)}` as MessageKey)}
          </p>
          <ul>
            {p.timeline.map((e) => (
              <li key={e.from + e.status}>
                {date(e.from)}: {t(`providerStatus.${e.status}` as MessageKey)}
              </li>
            ))}
          </ul>
          <table className="table">
            <caption>{t('county.stations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('county.col.station')}</th>
                <th scope="col">{t('county.col.address')}</th>
                <th scope="col">{t('station.services')}</th>
                <th scope="col">{t('station.openingHours')}</th>
              </tr>
            </thead>
            <tbody>
              {p.stations.map((s) => (
                <tr key={s.stationId}>
                  <td>{s.name}</td>
                  <td>
                    {s.streetAddress}, {s.postalCode}
                  </td>
                  <td>{s.services.map((x) => t(`service.${x}` as MessageKey)).join(', ')}</td>
                  <td>{s.openingHours}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <Button onClick={() => void act(p.providerId, 'approval')}>{t('county.approve', { name: p.name })}</Button>
            <Button variant="secondary" onClick={() => void act(p.providerId, 'suspension')}>
              {t('county.suspend', { name: p.name })}
            </Button>
            <Button variant="secondary" onClick={() => void act(p.providerId, 'termination')}>
              {t('county.terminate', { name: p.name })}
            </Button>
          </div>
        </section>
      ))}
      <h2>{t('county.area')}</h2>
      {area.data ? (
        <>
          <p>{t('county.area.period', { months: area.data.switchPeriodMonths })}</p>
          <table className="table">
            <caption className="visually-hidden">{t('county.area')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('county.col.postalCode')}</th>
                <th scope="col">{t('county.col.defaultStation')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(area.data.postalCodes).map(([postalCode, c]) => (
                <tr key={postalCode}>
                  <td>{postalCode}</td>
                  <td>{c.defaultStationId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <ApiFailure code={area.failed} />
      )}
    </Page>
  );
}

interface SwitchStats {
  month: string;
  switchesEffective: number;
  requestsMade: number;
  requestsCancelled: number;
  byAgeBand: Record<string, number>;
  byReason: Record<string, number>;
  byPreviousMainUse: Record<string, number>;
}

function monthsAround(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = -5; i <= 1; i++) {
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** A bar chart as SVG with its numbers in a table beside it: the table is the accessible version. */
function BarChart({ id, title, bars }: { id: string; title: string; bars: Array<{ label: string; value: number }> }) {
  const { number, t } = useI18n();
  if (bars.length === 0)
    return (
      <figure className="chart" data-testid={id}>
        <figcaption>{title}</figcaption>
        <p>{t('dashboard.noneYet')}</p>
      </figure>
    );
  const max = Math.max(1, ...bars.map((b) => b.value));
  const w = 44;
  return (
    <figure className="chart" data-testid={id}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${bars.length * w + 10} 145`} width="100%" height="170">
        {bars.map((b, i) => {
          const h = Math.round((b.value / max) * 90);
          return (
            <g key={b.label}>
              <rect x={i * w + 10} y={120 - h} width={w - 12} height={h} fill="#2a6ebb" data-value={b.value} />
              <text x={i * w + 10 + (w - 12) / 2} y={116 - h} textAnchor="middle" fontSize="11" fill="#212121">
                {number(b.value)}
              </text>
              <text x={i * w + 10 + (w - 12) / 2} y={136} textAnchor="middle" fontSize="9" fill="#212121">
                {b.label.length > 8 ? b.label.slice(0, 7) + '…' : b.label}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="table">
        <caption className="visually-hidden">{title}</caption>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td className="num" data-testid={`${id}-${b.label}`}>
                {number(b.value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The pilot's charts: switches per month, population vs switchers, age bands, reasons, previous main use. */
export function CountyDashboard() {
  const { t, month: monthText, number } = useI18n();
  const today = helsinkiToday();
  const months = monthsAround(today);
  const stats = useLoad(`stats/${today}`, () =>
    Promise.all(months.map((m) => must(api<SwitchStats>('GET', `/statistics/switches?month=${m}`)))),
  );
  const sizes = useLoad(`sizes/${today}`, () => must(api<{ total: number }>('GET', `/statistics/list-sizes?month=${today.slice(0, 7)}`)));
  if (stats.failed) return <ApiFailure code={stats.failed} />;
  const all = stats.data ?? [];
  const sum = (pick: (s: SwitchStats) => Record<string, number>) =>
    all.reduce<Record<string, number>>((acc, s) => {
      for (const [k, v] of Object.entries(pick(s))) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
  const switchers = all.reduce((a, s) => a + s.switchesEffective, 0);
  const label = (prefix: string) => (k: string) => {
    const key = `${prefix}.${k}`;
    const text = t(key as MessageKey);
    return text === key ? k : text;
  };
  const bars = (r: Record<string, number>, name: (k: string) => string) =>
    Object.entries(r).map(([k, v]) => ({ label: name(k), value: v }));
  return (
    <Page title="dashboard.title">
      <p>{t('dashboard.intro', { from: monthText(months[0]!), to: monthText(months.at(-1)!) })}</p>
      <BarChart
        id="chart-requests"
        title={t('dashboard.requestsPerMonth')}
        bars={all.map((s) => ({ label: s.month, value: s.requestsMade }))}
      />
      <BarChart
        id="chart-effective"
        title={t('dashboard.switchesPerMonth')}
        bars={all.map((s) => ({ label: s.month, value: s.switchesEffective }))}
      />
      <section className="panel">
        <h2>{t('dashboard.population')}</h2>
        <dl className="summary">
          <div className="summary-row">
            <dt>{t('dashboard.listed')}</dt>
            <dd>{sizes.data ? number(sizes.data.total) : '–'}</dd>
          </div>
          <div className="summary-row">
            <dt>{t('dashboard.switchers')}</dt>
            <dd>{number(switchers)}</dd>
          </div>
        </dl>
      </section>
      <BarChart
        id="chart-age"
        title={t('dashboard.byAgeBand')}
        bars={bars(
          sum((s) => s.byAgeBand),
          (k) => k,
        )}
      />
      <BarChart
        id="chart-reasons"
        title={t('dashboard.byReason')}
        bars={bars(
          sum((s) => s.byReason),
          label('reason'),
        )}
      />
      <BarChart
        id="chart-previous"
        title={t('dashboard.byPreviousUse')}
        bars={bars(
          sum((s) => s.byPreviousMainUse),
          label('previousUse'),
        )}
      />
      <p className="hint">{t('dashboard.definitions')}</p>
    </Page>
  );
}
