import { createContext, useContext, useState, type ReactNode } from 'react';
import { Button, RadioButton, RadioButtonGroup, Textarea, TextInput } from 'suomifi-ui-components';
import { api } from '../api';
import { Errors, ApiFailure, type FieldError } from '../components/errors';
import { Page } from '../components/page';
import { effectiveDateOf } from '../effective-date';
import { helsinkiToday } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { AppLink, useRouter } from '../router';
import {
  LANGUAGES,
  loadListing,
  loadProviders,
  PREVIOUS_MAIN_USES,
  providerName,
  SERVICE_LINES,
  STAFF_CHANNELS,
  stationName,
  statusOn,
  SWITCH_REASONS,
  useLoad,
  type Station,
} from '../data';

/**
 * The switch of station, one question per page (station → reason → check your answers →
 * confirmation), for the resident in the portal and for a guidance worker on a resident's behalf
 * (who also records the channel). The answers live in this context, so a language change or a
 * step back keeps them.
 */
export interface SwitchDraft {
  personRef: string | null;
  stationId: string;
  reason: string;
  reasonText: string;
  previousMainUse: string;
  channel: string;
  filters: { service: string; language: string; accessibility: string; openingHours: string };
  done: { requestId: string; effectiveFrom: string; stationId: string; providerId: string } | null;
}

const emptyDraft = (personRef: string | null): SwitchDraft => ({
  personRef,
  stationId: '',
  reason: '',
  reasonText: '',
  previousMainUse: '',
  channel: '',
  filters: { service: '', language: '', accessibility: '', openingHours: '' },
  done: null,
});

const DraftContext = createContext<{
  draft: SwitchDraft;
  update(p: Partial<SwitchDraft>): void;
  reset(personRef: string | null): void;
} | null>(null);

export function SwitchDraftProvider({ children }: { children: ReactNode }) {
  const [draft, setDraft] = useState<SwitchDraft>(emptyDraft(null));
  return (
    <DraftContext.Provider
      value={{ draft, update: (p) => setDraft((d) => ({ ...d, ...p })), reset: (personRef) => setDraft(emptyDraft(personRef)) }}
    >
      {children}
    </DraftContext.Provider>
  );
}

export function useDraft() {
  const value = useContext(DraftContext);
  if (!value) throw new Error('useDraft outside SwitchDraftProvider');
  return value;
}

export interface FlowProps {
  /** '/resident/switch' or '/guidance/switch' */
  base: string;
  /** Staff record the channel (phone or in person); the portal's is the resident's own. */
  staff: boolean;
}

function Select({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <div className="field">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function matches(station: Station, f: SwitchDraft['filters']): boolean {
  const has = (text: string, q: string) => text.toLocaleLowerCase().includes(q.trim().toLocaleLowerCase());
  return (
    (!f.service || station.services.includes(f.service)) &&
    (!f.language || station.languages.includes(f.language)) &&
    (!f.accessibility || has(station.accessibility, f.accessibility)) &&
    (!f.openingHours || has(station.openingHours, f.openingHours))
  );
}

/** Step 1: which station. */
export function ChooseStation({ base }: FlowProps) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { draft, update } = useDraft();
  const providers = useLoad('providers', loadProviders);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const today = helsinkiToday();
  const open = (providers.data ?? []).filter((p) => statusOn(p, today) === 'approved');
  const stations = open.flatMap((p) => p.stations).filter((s) => matches(s, draft.filters));
  const setFilter = (k: keyof SwitchDraft['filters'], v: string) => update({ filters: { ...draft.filters, [k]: v } });
  const next = () => {
    if (!stations.some((s) => s.stationId === draft.stationId)) {
      setErrors([{ field: 'station-choice', text: t('switch.station.required') }]);
      return;
    }
    navigate(`${base}/reason`);
  };
  return (
    <Page title="switch.station.title">
      <Errors errors={errors} />
      <p>{t('switch.station.intro')}</p>
      <fieldset className="filters">
        <legend>{t('switch.filters.legend')}</legend>
        <Select
          id="filter-service"
          label={t('switch.filters.service')}
          value={draft.filters.service}
          onChange={(v) => setFilter('service', v)}
          options={[{ value: '', label: t('switch.filters.any') }, ...SERVICE_LINES.map((s) => ({ value: s, label: t(`service.${s}`) }))]}
        />
        <Select
          id="filter-language"
          label={t('switch.filters.language')}
          value={draft.filters.language}
          onChange={(v) => setFilter('language', v)}
          options={[{ value: '', label: t('switch.filters.any') }, ...LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))]}
        />
        <TextInput
          id="filter-accessibility"
          labelText={t('switch.filters.accessibility')}
          hintText={t('switch.filters.freeTextHint')}
          value={draft.filters.accessibility}
          onChange={(v) => setFilter('accessibility', String(v ?? ''))}
        />
        <TextInput
          id="filter-opening-hours"
          labelText={t('switch.filters.openingHours')}
          hintText={t('switch.filters.freeTextHint')}
          value={draft.filters.openingHours}
          onChange={(v) => setFilter('openingHours', String(v ?? ''))}
        />
      </fieldset>
      <p role="status" className="count">
        {t('switch.station.count', { count: stations.length })}
      </p>
      {stations.length > 0 && (
        <RadioButtonGroup
          id="station-choice"
          name="station"
          labelText={t('switch.station.question')}
          value={draft.stationId}
          onChange={(v) => update({ stationId: v })}
          groupStatus={errors.length ? 'error' : 'default'}
          groupStatusText={errors.length ? t('switch.station.required') : ''}
        >
          {stations.map((s) => (
            <RadioButton
              key={s.stationId}
              value={s.stationId}
              hintText={[
                `${s.streetAddress}, ${s.postalCode}`,
                `${t('station.provider')}: ${providerName(providers.data, s.providerId)}`,
                `${t('station.services')}: ${s.services.map((x) => t(`service.${x}` as MessageKey)).join(', ')}`,
                `${t('station.languages')}: ${s.languages.map((x) => t(`language.${x}` as MessageKey)).join(', ')}`,
                `${t('station.openingHours')}: ${s.openingHours}`,
                `${t('station.accessibility')}: ${s.accessibility}`,
              ].join(' · ')}
            >
              {s.name}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      )}
      <p className="hint">{t('switch.filters.missing')}</p>
      <div className="actions">
        <Button onClick={next}>{t('common.continue')}</Button>
      </div>
    </Page>
  );
}

/** Step 2: why, and the previous main use (the pilot's follow-up); staff: the channel. */
export function ChooseReason({ base, staff }: FlowProps) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { draft, update } = useDraft();
  const [errors, setErrors] = useState<FieldError[]>([]);
  if (!draft.stationId) return <BackToStart base={base} />;
  const next = () => {
    const found: FieldError[] = [];
    if (staff && !draft.channel) found.push({ field: 'channel', text: t('switch.channel.required') });
    if (!draft.reason) found.push({ field: 'reason', text: t('switch.reason.required') });
    if (draft.reason === 'other' && !draft.reasonText.trim()) found.push({ field: 'reason-text', text: t('switch.reasonText.required') });
    setErrors(found);
    if (found.length === 0) navigate(`${base}/check`);
  };
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.text;
  return (
    <Page title="switch.reason.title">
      <Errors errors={errors} />
      {staff && (
        <RadioButtonGroup
          id="channel"
          name="channel"
          labelText={t('switch.channel.question')}
          value={draft.channel}
          onChange={(v) => update({ channel: v })}
          groupStatus={errorOf('channel') ? 'error' : 'default'}
          groupStatusText={errorOf('channel') ?? ''}
        >
          {STAFF_CHANNELS.map((c) => (
            <RadioButton key={c} value={c}>
              {t(`channel.${c}`)}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      )}
      <RadioButtonGroup
        id="reason"
        name="reason"
        labelText={t('switch.reason.question')}
        groupHintText={t('switch.reason.hint')}
        value={draft.reason}
        onChange={(v) => update({ reason: v })}
        groupStatus={errorOf('reason') ? 'error' : 'default'}
        groupStatusText={errorOf('reason') ?? ''}
      >
        {SWITCH_REASONS.map((r) => (
          <RadioButton key={r} value={r}>
            {t(`reason.${r}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>
      {draft.reason === 'other' && (
        <Textarea
          id="reason-text"
          labelText={t('switch.reasonText.label')}
          value={draft.reasonText}
          maxLength={1000}
          onChange={(e) => update({ reasonText: e.target.value })}
          status={errorOf('reason-text') ? 'error' : 'default'}
          statusText={errorOf('reason-text') ?? ''}
        />
      )}
      <RadioButtonGroup
        id="previous-main-use"
        name="previousMainUse"
        labelText={t('switch.previousUse.question')}
        optionalText={t('common.optional')}
        value={draft.previousMainUse}
        onChange={(v) => update({ previousMainUse: v })}
      >
        {PREVIOUS_MAIN_USES.map((u) => (
          <RadioButton key={u} value={u}>
            {t(`previousUse.${u}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>
      <div className="actions">
        <AppLink to={base}>{t('common.back')}</AppLink>
        <Button onClick={next}>{t('common.continue')}</Button>
      </div>
    </Page>
  );
}

function BackToStart({ base }: { base: string }) {
  const { t } = useI18n();
  return (
    <Page title="switch.lost.title">
      <p>
        <AppLink to={base}>{t('switch.lost.link')}</AppLink>
      </p>
    </Page>
  );
}

/** Step 3: check your answers, the effective date and why; then send. */
export function CheckAnswers({ base, staff }: FlowProps) {
  const { t, date } = useI18n();
  const { navigate } = useRouter();
  const { draft, update } = useDraft();
  const providers = useLoad('providers', loadProviders);
  const listing = useLoad(draft.personRef, () => loadListing(draft.personRef!));
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  if (!draft.stationId || !draft.reason || !draft.personRef) return <BackToStart base={base} />;
  const effective = listing.data ? effectiveDateOf(listing.data.nextPossibleSwitchDate, helsinkiToday()) : null;
  const replaces = listing.data?.upcoming?.status === 'pending';
  const send = async () => {
    if (!effective) return;
    setSending(true);
    const result = await api<{ requestId: string; effectiveFrom: string; stationId: string; providerId: string }>(
      'POST',
      `/residents/${encodeURIComponent(draft.personRef!)}/switches`,
      {
        idempotent: true,
        body: {
          stationId: draft.stationId,
          effectiveFrom: effective.date,
          channel: staff ? draft.channel : 'portal',
          reason: draft.reason,
          ...(draft.reason === 'other' ? { reasonText: draft.reasonText.trim() } : {}),
          ...(draft.previousMainUse ? { previousMainUse: draft.previousMainUse } : {}),
          ...(replaces ? { replacePending: true } : {}),
        },
      },
    );
    setSending(false);
    if (!result.ok) return setFailure(result.error.code);
    update({ done: result.body });
    navigate(`${base}/done`);
  };
  const rows: Array<[MessageKey, string, string]> = [
    ...(staff ? [['switch.check.channel', t(`channel.${draft.channel}` as MessageKey), 'reason'] as [MessageKey, string, string]] : []),
    ['switch.check.station', stationName(providers.data, draft.stationId), ''],
    ['switch.check.reason', draft.reason === 'other' ? draft.reasonText : t(`reason.${draft.reason}` as MessageKey), 'reason'],
    [
      'switch.check.previousUse',
      draft.previousMainUse ? t(`previousUse.${draft.previousMainUse}` as MessageKey) : t('common.notGiven'),
      'reason',
    ],
  ];
  return (
    <Page title="switch.check.title">
      <ApiFailure code={failure} />
      <dl className="summary">
        {rows.map(([label, value, step]) => (
          <div className="summary-row" key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
            <dd>
              <AppLink to={step ? `${base}/${step}` : base}>
                {t('common.change')}
                <span className="visually-hidden"> {t(label)}</span>
              </AppLink>
            </dd>
          </div>
        ))}
      </dl>
      {effective && (
        <div className="panel" data-testid="effective-date">
          <h2>{t('switch.check.effectiveHeading')}</h2>
          <p className="big">{date(effective.date)}</p>
          <p>{effective.why === 'next-month' ? t('switch.why.nextMonth') : t('switch.why.switchPeriod')}</p>
          {replaces && <p>{t('switch.check.replaces')}</p>}
        </div>
      )}
      <div className="actions">
        <Button onClick={() => void send()} disabled={sending || !effective}>
          {t('switch.check.submit')}
        </Button>
      </div>
    </Page>
  );
}

/** Step 4: confirmation with the reference and what happens next. */
export function SwitchDone({ base, staff }: FlowProps) {
  const { t, date } = useI18n();
  const { draft } = useDraft();
  const providers = useLoad('providers', loadProviders);
  if (!draft.done) return <BackToStart base={base} />;
  return (
    <Page title="switch.done.title">
      <div className="confirmation" role="status">
        <p>{t('switch.done.reference')}</p>
        <p className="reference" data-testid="reference">
          {draft.done.requestId}
        </p>
      </div>
      <p>
        {t('switch.done.summary', { station: stationName(providers.data, draft.done.stationId), date: date(draft.done.effectiveFrom) })}
      </p>
      <h2>{t('switch.done.nextHeading')}</h2>
      <ul>
        <li>{t('switch.done.next1')}</li>
        <li>{t('switch.done.next2', { date: date(draft.done.effectiveFrom) })}</li>
        <li>{t('switch.done.next3')}</li>
      </ul>
      <p>
        <AppLink to={staff ? '/guidance/resident' : '/resident'}>{staff ? t('switch.done.backStaff') : t('switch.done.back')}</AppLink>
      </p>
    </Page>
  );
}
