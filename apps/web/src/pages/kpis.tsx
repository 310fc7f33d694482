import { useState } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { api } from '../api';
import { ApiFailure, Errors, type FieldError } from '../components/errors';
import { Page } from '../components/page';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

/**
 * The county's contact-intake KPIs with their definitions. The API publishes each definition in
 * English (`definitions`); the catalogues hold the same sentences in fi/sv/en with the policy's
 * parameters (Y, X, S, W) filled in, and the English one is checked word for word against the
 * API's in the browser test, so the two cannot drift apart unnoticed.
 */

export const FIGURES = [
  'contacts',
  'averageSpeedOfAnswerSeconds',
  'averageSpeedOfAnswerClockSeconds',
  'serviceLevel',
  'serviceLevelWithAbandoned',
  'serviceLevelWithAbandonedExcludingShort',
  'abandonmentRate',
  'abandonmentRateExcludingShort',
  'firstContactResolution',
  'averageHandlingSeconds',
  'transfers',
  'routingsByDestination',
] as const;
type Figure = (typeof FIGURES)[number];

interface Kpis {
  municipality: string;
  from: string;
  to: string;
  parameters: { serviceLevelSeconds: number; serviceLevelTargetPercent: number; shortAbandonSeconds: number; repeatWindowDays: number };
  definitions: Record<string, string>;
  total: Record<string, unknown>;
}

const RATIOS: readonly Figure[] = [
  'serviceLevel',
  'serviceLevelWithAbandoned',
  'serviceLevelWithAbandonedExcludingShort',
  'abandonmentRate',
  'abandonmentRateExcludingShort',
  'firstContactResolution',
];
const SECONDS: readonly Figure[] = ['averageSpeedOfAnswerSeconds', 'averageSpeedOfAnswerClockSeconds', 'averageHandlingSeconds'];

const thisMonth = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(new Date());

export function CountyKpis() {
  const { t, locale, number, month } = useI18n();
  const [municipality, setMunicipality] = useState('837');
  const [from, setFrom] = useState(thisMonth());
  const [to, setTo] = useState(thisMonth());
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [kpis, setKpis] = useState<Kpis | null>(null);

  const show = async () => {
    setFailure(null);
    const problems: FieldError[] = [];
    if (!/^\d{3}$/.test(municipality.trim())) problems.push({ field: 'kpi-municipality', text: t('kpis.invalidMunicipality') });
    if (!/^\d{4}-\d{2}$/.test(from.trim())) problems.push({ field: 'kpi-from', text: t('kpis.invalidMonth') });
    if (!/^\d{4}-\d{2}$/.test(to.trim())) problems.push({ field: 'kpi-to', text: t('kpis.invalidMonth') });
    setErrors(problems);
    if (problems.length) return;
    const q = new URLSearchParams({ from: from.trim(), to: to.trim() });
    const r = await api<Kpis>('GET', `/contact-intake/municipalities/${municipality.trim()}/kpis?${q.toString()}`);
    if (!r.ok) return setFailure(r.error.code);
    setKpis(r.body);
  };

  const value = (figure: Figure, v: unknown): string => {
    if (figure === 'transfers') {
      const x = v as { requested: number; accepted: number; rejected: number };
      return t('kpis.transfersValue', { requested: x.requested, accepted: x.accepted, rejected: x.rejected });
    }
    if (figure === 'routingsByDestination') {
      const x = v as Record<string, number>;
      return t('kpis.routingsValue', {
        resolved: x['resolved'] ?? 0,
        assessment: x['service-need-assessment'] ?? 0,
        professional: x['named-professional'] ?? 0,
        service: x['named-service'] ?? 0,
        decided: x['decided'] ?? 0,
      });
    }
    if (v === null || v === undefined) return t('kpis.none');
    if (RATIOS.includes(figure)) return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Number(v));
    if (SECONDS.includes(figure)) return t('kpis.seconds', { n: number(Number(v)) });
    return number(Number(v));
  };

  const p = kpis?.parameters;
  const vars = p ? { x: p.serviceLevelTargetPercent, y: p.serviceLevelSeconds, s: p.shortAbandonSeconds, w: p.repeatWindowDays } : {};
  return (
    <Page title="kpis.title">
      <p>{t('kpis.intro')}</p>
      <Errors errors={errors} />
      <ApiFailure code={failure} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
        noValidate
      >
        <TextInput
          id="kpi-municipality"
          labelText={t('kpis.municipality')}
          value={municipality}
          onChange={(v) => setMunicipality(String(v ?? ''))}
        />
        <TextInput
          id="kpi-from"
          labelText={t('kpis.from')}
          hintText={t('kpis.monthHint')}
          value={from}
          onChange={(v) => setFrom(String(v ?? ''))}
        />
        <TextInput
          id="kpi-to"
          labelText={t('kpis.to')}
          hintText={t('kpis.monthHint')}
          value={to}
          onChange={(v) => setTo(String(v ?? ''))}
        />
        <div className="actions">
          <Button type="submit">{t('kpis.show')}</Button>
        </div>
      </form>
      {kpis && (
        <table className="table" data-testid="kpis">
          <caption>{t('kpis.caption', { municipality: kpis.municipality, from: month(kpis.from), to: month(kpis.to) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('kpis.figure')}</th>
              <th scope="col">{t('kpis.value')}</th>
              <th scope="col">{t('kpis.definition')}</th>
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((f) => (
              <tr key={f} data-testid={`kpi-${f}`}>
                <th scope="row">{t(`kpis.name.${f}` as MessageKey)}</th>
                <td data-testid={`kpi-value-${f}`}>{value(f, kpis.total[f])}</td>
                <td data-testid={`kpi-def-${f}`}>{t(`kpis.def.${f}` as MessageKey, vars)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
