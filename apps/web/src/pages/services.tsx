import { useState, type KeyboardEvent } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { api } from '../api';
import { ApiFailure, Errors, type FieldError } from '../components/errors';
import { Page } from '../components/page';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

/**
 * "Find a service": the catalogue's public search (PostgreSQL full-text search behind
 * GET /services/search), for residents and, as a picker, for the guidance worker routing a contact
 * to a named service. The API answers in the asker's language and says why each result matched;
 * the page shows those sentences as they come.
 */

interface Text {
  text: string;
  language: string;
}
export interface ChannelHit {
  channelId: string;
  kind: string;
  name: Text | null;
  address: { street: Text | null; postalCode: string; postOffice: Text | null } | null;
  phone: string | null;
  url: string | null;
  openNow: boolean | null;
  openUntil: string | null;
}
export interface ServiceHit {
  serviceId: string;
  name: Text;
  summary: Text | null;
  arrangingOrganisation: { name: Text | null };
  distanceKm: number | null;
  why: Array<{ reason: string; text: string }>;
  channels: ChannelHit[];
}

const FEATURES = ['step-free-access', 'accessible-toilet', 'induction-loop', 'accessible-parking'] as const;

interface Filters {
  q: string;
  language: string;
  municipality: string;
  postalCode: string;
  openNow: boolean;
  walkIn: boolean;
  accessibility: string[];
}
const EMPTY: Filters = { q: '', language: '', municipality: '', postalCode: '', openNow: false, walkIn: false, accessibility: [] };

function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange(v: boolean): void }) {
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** Text in another language than the page's says so (screen readers switch voice). */
function Lang({ text, locale }: { text: Text; locale: string }) {
  return text.language === locale ? <>{text.text}</> : <span lang={text.language}>{text.text}</span>;
}

export function ServiceSearch({
  idPrefix,
  initialMunicipality = '',
  onPick,
}: {
  idPrefix: string;
  initialMunicipality?: string;
  /** Picker mode: each result (and each of its channels) can be chosen. */
  onPick?: (service: ServiceHit, channel: ChannelHit | null) => void;
}) {
  const { t, locale, number } = useI18n();
  const [f, setF] = useState<Filters>({ ...EMPTY, municipality: initialMunicipality });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [results, setResults] = useState<{ total: number; totalExact: boolean; results: ServiceHit[] } | null>(null);
  const set = (patch: Partial<Filters>) => setF((old) => ({ ...old, ...patch }));
  const id = (name: string) => `${idPrefix}-${name}`;

  const search = async () => {
    setFailure(null);
    const problems: FieldError[] = [];
    if (f.municipality && !/^\d{3}$/.test(f.municipality.trim()))
      problems.push({ field: id('municipality'), text: t('services.municipality.invalid') });
    if (f.postalCode && !/^\d{5}$/.test(f.postalCode.trim()))
      problems.push({ field: id('postal-code'), text: t('services.postalCode.invalid') });
    setErrors(problems);
    if (problems.length) return;
    const p = new URLSearchParams({ lang: locale, limit: '20' });
    if (f.q.trim()) p.set('q', f.q.trim());
    if (f.language) p.set('language', f.language);
    if (f.municipality.trim()) p.set('municipality', f.municipality.trim());
    if (f.postalCode.trim()) p.set('postalCode', f.postalCode.trim());
    if (f.openNow) p.set('openNow', 'true');
    if (f.walkIn) p.set('accessMode', 'walk-in');
    if (f.accessibility.length) p.set('accessibility', f.accessibility.join(','));
    const r = await api<{ total: number; totalExact: boolean; results: ServiceHit[] }>('GET', `/services/search?${p.toString()}`);
    if (!r.ok) {
      if (r.error.code === 'UNKNOWN_POSTAL_CODE') return setErrors([{ field: id('postal-code'), text: t('apiError.UNKNOWN_POSTAL_CODE') }]);
      if (r.error.code === 'INVALID_QUERY_TEXT') return setErrors([{ field: id('q'), text: t('apiError.INVALID_QUERY_TEXT') }]);
      return setFailure(r.error.code);
    }
    setResults(r.body);
  };

  // No <form>: the picker sits inside the contact's outcome form, and forms do not nest. Enter in a
  // text field searches, as a form's implicit submission would.
  const onEnter = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type !== 'checkbox') {
      e.preventDefault();
      void search();
    }
  };
  return (
    <div className="service-search">
      <Errors errors={errors} />
      <ApiFailure code={failure} />
      <div role="search" aria-label={t('services.search.label')} onKeyDown={onEnter}>
        <TextInput
          id={id('q')}
          labelText={t('services.q.label')}
          hintText={t('services.q.hint')}
          value={f.q}
          onChange={(v) => set({ q: String(v ?? '') })}
        />
        <div className="field">
          <label htmlFor={id('language')} className="label">
            {t('services.language.label')}
          </label>
          <select id={id('language')} className="select" value={f.language} onChange={(e) => set({ language: e.target.value })}>
            <option value="">{t('switch.filters.any')}</option>
            {(['fi', 'sv', 'en'] as const).map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <TextInput
          id={id('municipality')}
          labelText={t('services.municipality.label')}
          hintText={t('services.municipality.hint')}
          value={f.municipality}
          onChange={(v) => set({ municipality: String(v ?? '') })}
          inputMode="numeric"
        />
        <TextInput
          id={id('postal-code')}
          labelText={t('services.postalCode.label')}
          hintText={t('services.postalCode.hint')}
          value={f.postalCode}
          onChange={(v) => set({ postalCode: String(v ?? '') })}
          inputMode="numeric"
        />
        <fieldset className="fieldset">
          <legend className="label">{t('services.more.legend')}</legend>
          <Check id={id('open-now')} label={t('services.openNow')} checked={f.openNow} onChange={(v) => set({ openNow: v })} />
          <Check id={id('walk-in')} label={t('services.walkIn')} checked={f.walkIn} onChange={(v) => set({ walkIn: v })} />
          {FEATURES.map((feature) => (
            <Check
              key={feature}
              id={id(feature)}
              label={t(`services.feature.${feature}`)}
              checked={f.accessibility.includes(feature)}
              onChange={(v) => set({ accessibility: v ? [...f.accessibility, feature] : f.accessibility.filter((x) => x !== feature) })}
            />
          ))}
        </fieldset>
        <div className="actions">
          <Button type="button" onClick={() => void search()}>
            {t('services.search.submit')}
          </Button>
        </div>
      </div>
      {results && (
        <section aria-labelledby={id('results-heading')} data-testid={id('results')}>
          <h2 id={id('results-heading')} role="status">
            {t(results.totalExact === false ? 'services.results.countAtLeast' : 'services.results.count', { count: number(results.total) })}
          </h2>
          <ol className="results">
            {results.results.map((s) => (
              <li key={s.serviceId} className="result" data-testid="service-result">
                <h3 className="result-name">
                  <Lang text={s.name} locale={locale} />
                </h3>
                {s.summary && (
                  <p>
                    <Lang text={s.summary} locale={locale} />
                  </p>
                )}
                {s.arrangingOrganisation.name && (
                  <p className="hint">
                    {t('services.result.arranger')}: <Lang text={s.arrangingOrganisation.name} locale={locale} />
                  </p>
                )}
                <h4 className="why-heading">{t('services.result.why')}</h4>
                <ul className="why" data-testid="why">
                  {s.why.map((w, i) => (
                    <li key={`${w.reason}-${i}`}>{w.text}</li>
                  ))}
                </ul>
                {s.channels.length > 0 && (
                  <ul className="channels">
                    {s.channels.map((c) => (
                      <li key={c.channelId}>
                        {c.name ? <Lang text={c.name} locale={locale} /> : c.channelId}
                        {c.address?.street && (
                          <>
                            {', '}
                            <Lang text={c.address.street} locale={locale} /> {c.address.postalCode}
                          </>
                        )}
                        {c.openNow !== null && ` – ${c.openNow ? t('services.channel.open') : t('services.channel.closed')}`}
                        {onPick && (
                          <>
                            {' '}
                            <Button
                              variant="secondaryNoBorder"
                              onClick={() => onPick(s, c)}
                              aria-label={t('services.pick.channelLabel', { service: s.name.text, channel: c.name?.text ?? c.channelId })}
                            >
                              {t('services.pick.channel')}
                            </Button>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                {onPick && (
                  <Button
                    variant="secondary"
                    onClick={() => onPick(s, null)}
                    aria-label={t('services.pick.serviceLabel', { service: s.name.text })}
                  >
                    {t('services.pick.service')}
                  </Button>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

export function FindService() {
  const { t } = useI18n();
  return (
    <Page title="services.title">
      <p>{t('services.intro')}</p>
      <ServiceSearch idPrefix="service" />
    </Page>
  );
}

export const featureKey = (feature: string) => `services.feature.${feature}` as MessageKey;
