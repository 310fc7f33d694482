import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Button, RadioButton, RadioButtonGroup, TextInput } from 'suomifi-ui-components';
import { api } from '../api';
import { ApiFailure, Errors, type FieldError } from '../components/errors';
import { Page } from '../components/page';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { AppLink, useRouter } from '../router';
import { ServiceSearch, type ChannelHit, type ServiceHit } from './services';
import { useDraft } from './switch-flow';

/**
 * The guidance worker's console for contact intake: the queue with waiting times, taking the next
 * (or a listed) contact, the screening with the segment and the reasons that fired, and closing it
 * — resolved, routed or transferred. An identified contact leads on to switching on the person's
 * behalf (the provider-choice flow), with the personRef only, never the identity code.
 */

interface Queue {
  queueId: string;
  name: string;
  language: string;
  organisation: string;
}
interface Question {
  id: string;
  text: Record<string, string>;
  type: 'yes-no' | 'scale' | 'choice' | 'number';
  required: boolean;
  options?: string[];
}
interface Configuration {
  queues: Queue[];
  screening: { form: { version: number; questions: Question[] } | null };
}
interface Waiting {
  contactId: string;
  arrivedAt: string;
  channel: string;
  language: string;
  waitSeconds: number;
}
interface Screening {
  segment: string;
  coping: string;
  risk: string;
  recommendedRoute: string;
  reasons: Array<{ ruleId: string; effect: string; reason: string }>;
}
interface Contact {
  contactId: string;
  status: string;
  channel: string;
  language: string;
  municipality: string;
  queueId: string;
  personRef: string | null;
  arrivedAt: string;
  answeredAt: string | null;
  screening: Screening | null;
  pendingTransfer: { toOrganisation: string; toMunicipality: string } | null;
  heavyUseFlags: Array<{ trigger: string; count: number; windowFrom: string; windowTo: string }>;
}

const ROUTES = ['service-need-assessment', 'named-professional', 'named-service'] as const;
const ADVICE = ['income-support', 'housing', 'home-care', 'debt-counselling', 'other'] as const;

/** Minutes and seconds, as a queue display shows a wait. */
export function waitText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function useConfiguration() {
  const [config, setConfig] = useState<Configuration | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    void api<Configuration>('GET', '/contact-intake/configuration').then((r) => (r.ok ? setConfig(r.body) : setFailure(r.error.code)));
  }, []);
  return { config, failure };
}

const contactPath = (id: string) => `/guidance/contact?contact=${encodeURIComponent(id)}`;

export function GuidanceQueue() {
  const { t, dateTime } = useI18n();
  const { navigate } = useRouter();
  const { config, failure: configFailure } = useConfiguration();
  const [queueId, setQueueId] = useState('');
  const [waiting, setWaiting] = useState<Waiting[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [empty, setEmpty] = useState(false);
  const queues = config?.queues ?? [];
  const chosen = queueId || queues[0]?.queueId || '';

  const load = useCallback(async () => {
    if (!chosen) return;
    const r = await api<{ contacts: Waiting[] }>('GET', `/contact-intake/queues/${encodeURIComponent(chosen)}/contacts`);
    if (r.ok) setWaiting(r.body.contacts);
    else setFailure(r.error.code);
  }, [chosen]);
  useEffect(() => {
    void load();
    // The waiting times move: the list is refreshed every 15 s while the page is open.
    const timer = window.setInterval(() => void load(), 15_000);
    return () => window.clearInterval(timer);
  }, [load]);

  /** Answering is what takes a contact up: its wait is recorded then, against the service level. */
  const take = async (contactId: string) => {
    const r = await api('POST', `/contact-intake/contacts/${contactId}/answer`, { idempotent: true });
    if (!r.ok) return setFailure(r.error.code);
    navigate(contactPath(contactId));
  };
  const takeNext = async () => {
    setFailure(null);
    setEmpty(false);
    const r = await api<{ contactId: string }>('POST', `/contact-intake/queues/${encodeURIComponent(chosen)}/next`, { idempotent: true });
    if (!r.ok) {
      if (r.error.code === 'QUEUE_EMPTY') return setEmpty(true);
      return setFailure(r.error.code);
    }
    await take(r.body.contactId);
  };

  return (
    <Page title="contacts.queue.title">
      <ApiFailure code={configFailure ?? failure} />
      {queues.length > 1 && (
        <div className="field">
          <label htmlFor="queue" className="label">
            {t('contacts.queue.choose')}
          </label>
          <select id="queue" className="select" value={chosen} onChange={(e) => setQueueId(e.target.value)}>
            {queues.map((q) => (
              <option key={q.queueId} value={q.queueId}>
                {q.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {config && queues.length === 0 && <p>{t('contacts.queue.noQueues')}</p>}
      {chosen && (
        <>
          <div className="actions">
            <Button onClick={() => void takeNext()}>{t('contacts.queue.takeNext')}</Button>
          </div>
          {empty && <p role="status">{t('contacts.queue.empty')}</p>}
          {waiting === null ? (
            <p role="status">{t('common.loading')}</p>
          ) : waiting.length === 0 ? (
            <p>{t('contacts.queue.empty')}</p>
          ) : (
            <table className="table" data-testid="queue">
              <caption>{t('contacts.queue.caption', { count: waiting.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('contacts.queue.arrived')}</th>
                  <th scope="col">{t('contacts.queue.waited')}</th>
                  <th scope="col">{t('contacts.channel')}</th>
                  <th scope="col">{t('contacts.language')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('contacts.queue.take')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((c, i) => (
                  <tr key={c.contactId}>
                    <td>{dateTime(c.arrivedAt)}</td>
                    <td data-testid="wait">{waitText(c.waitSeconds)}</td>
                    <td>{t(`contacts.channel.${c.channel}` as MessageKey)}</td>
                    <td>{t(`language.${c.language}` as MessageKey)}</td>
                    <td>
                      <Button variant="secondary" onClick={() => void take(c.contactId)}>
                        {t('contacts.queue.takeThis', { n: i + 1 })}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <p>
        <AppLink to="/guidance">{t('contacts.findResident')}</AppLink>
      </p>
    </Page>
  );
}

type Answers = Record<string, string>;

function answerOf(q: Question, raw: string): boolean | number | string {
  if (q.type === 'yes-no') return raw === 'yes';
  if (q.type === 'scale' || q.type === 'number') return Number(raw);
  return raw;
}

export function GuidanceContact() {
  const { t, locale, dateTime } = useI18n();
  const { navigate } = useRouter();
  const { reset } = useDraft();
  const { config } = useConfiguration();
  const contactId = new URLSearchParams(window.location.search).get('contact') ?? '';
  const [contact, setContact] = useState<Contact | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [code, setCode] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [outcome, setOutcome] = useState('');
  const [advice, setAdvice] = useState('');
  const [route, setRoute] = useState('');
  const [destination, setDestination] = useState('');
  const [toOrganisation, setToOrganisation] = useState('');
  const [toMunicipality, setToMunicipality] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ service: ServiceHit; channel: ChannelHit | null } | null>(null);

  const load = useCallback(async () => {
    if (!contactId) return;
    const r = await api<Contact>('GET', `/contact-intake/contacts/${encodeURIComponent(contactId)}`);
    if (r.ok) setContact(r.body);
    else setFailure(r.error.code);
  }, [contactId]);
  useEffect(() => void load(), [load]);

  if (!contactId) {
    return (
      <Page title="contacts.contact.title">
        <p>
          <AppLink to="/guidance/queue">{t('contacts.backToQueue')}</AppLink>
        </p>
      </Page>
    );
  }
  const questions = config?.screening.form?.questions ?? [];

  // The identity code goes in a POST body only; the answer carries the personRef, never the code.
  const identify = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    if (!code.trim()) return setErrors([{ field: 'contact-identity-code', text: t('guidance.find.required') }]);
    const r = await api<Contact>('POST', `/contact-intake/contacts/${contactId}/identification`, {
      body: { identityCode: code.trim().toUpperCase() },
      idempotent: true,
    });
    if (!r.ok) {
      if (r.error.code === 'INVALID_HETU' || r.error.code === 'PERSON_NOT_FOUND')
        return setErrors([{ field: 'contact-identity-code', text: t(`apiError.${r.error.code}` as MessageKey) }]);
      return setFailure(r.error.code);
    }
    setErrors([]);
    setCode('');
    await load();
  };

  const screen = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const missing = questions.filter((q) => q.required && !answers[q.id]);
    if (missing.length)
      return setErrors(
        missing.map((q) => ({
          field: `q-${q.id}`,
          text: t('contacts.screening.required', { question: q.text[locale] ?? q.text['fi'] ?? q.id }),
        })),
      );
    setErrors([]);
    const body = Object.fromEntries(questions.filter((q) => answers[q.id]).map((q) => [q.id, answerOf(q, answers[q.id] ?? '')]));
    const r = await api<Screening>('POST', `/contact-intake/contacts/${contactId}/screening`, {
      body: { answers: body },
      idempotent: true,
    });
    if (!r.ok) return setFailure(r.error.code);
    await load();
  };

  const close = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const problems: FieldError[] = [];
    if (!outcome) problems.push({ field: 'outcome', text: t('contacts.outcome.required') });
    if (outcome === 'resolved' && !advice) problems.push({ field: 'advice', text: t('contacts.advice.required') });
    if (outcome === 'routed' && !route) problems.push({ field: 'route', text: t('contacts.route.required') });
    if (outcome === 'routed' && route === 'named-service' && !picked)
      problems.push({ field: 'picker-q', text: t('contacts.picker.required') });
    if (outcome === 'routed' && route === 'named-professional' && !destination.trim())
      problems.push({ field: 'destination', text: t('contacts.destination.required') });
    if (outcome === 'transferred' && !/^[a-z0-9-]+$/.test(toOrganisation.trim()))
      problems.push({ field: 'to-organisation', text: t('contacts.transfer.organisationRequired') });
    if (outcome === 'transferred' && !/^\d{3}$/.test(toMunicipality.trim()))
      problems.push({ field: 'to-municipality', text: t('contacts.transfer.municipalityRequired') });
    setErrors(problems);
    if (problems.length) return;
    const r =
      outcome === 'transferred'
        ? await api('POST', `/contact-intake/contacts/${contactId}/transfer`, {
            body: { toOrganisation: toOrganisation.trim(), toMunicipality: toMunicipality.trim() },
            idempotent: true,
          })
        : await api('POST', `/contact-intake/contacts/${contactId}/closure`, {
            body:
              outcome === 'resolved'
                ? { outcome, adviceCategory: advice }
                : {
                    outcome,
                    route,
                    destination:
                      route === 'service-need-assessment'
                        ? null
                        : route === 'named-service'
                          ? (picked?.service.serviceId ?? null)
                          : destination.trim(),
                  },
            idempotent: true,
          });
    if (!r.ok) return setFailure(r.error.code);
    // The catalogue counts how often each service (and channel) is routed to, by municipality; the
    // contact's id is the routing's, so telling it twice counts once.
    if (outcome === 'routed' && route === 'named-service' && picked) {
      const counted = await api('POST', '/service-routings', {
        body: {
          routingId: contactId,
          serviceId: picked.service.serviceId,
          ...(picked.channel ? { channelId: picked.channel.channelId } : {}),
          municipality: contact?.municipality,
        },
        idempotent: true,
      });
      if (!counted.ok) setFailure(counted.error.code);
    }
    // The contact as it is now first, then the outcome: the page never shows "closed" with the old status.
    await load();
    setDone(outcome);
  };

  const onBehalf = () => {
    if (!contact?.personRef) return;
    reset(contact.personRef);
    navigate('/guidance/resident');
  };

  return (
    <Page title="contacts.contact.title">
      <Errors errors={errors} />
      <ApiFailure code={failure} />
      {!contact ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <dl className="summary" data-testid="contact-summary">
            <div className="summary-row">
              <dt>{t('contacts.channel')}</dt>
              <dd>{t(`contacts.channel.${contact.channel}` as MessageKey)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('contacts.language')}</dt>
              <dd>{t(`language.${contact.language}` as MessageKey)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('contacts.municipality')}</dt>
              <dd>{contact.municipality}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('contacts.queue.arrived')}</dt>
              <dd>{dateTime(contact.arrivedAt)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('contacts.status')}</dt>
              <dd data-testid="contact-status">{t(`contacts.status.${contact.status}` as MessageKey)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('contacts.person')}</dt>
              <dd>{contact.personRef ? t('contacts.person.identified') : t('contacts.person.anonymous')}</dd>
            </div>
          </dl>
          {contact.heavyUseFlags.length > 0 && (
            <div className="notice" role="note">
              <h2>{t('contacts.flags.heading')}</h2>
              <ul>
                {contact.heavyUseFlags.map((f) => (
                  <li key={f.trigger + f.windowFrom}>
                    {t(`contacts.flags.${f.trigger}` as MessageKey, { count: f.count, from: f.windowFrom, to: f.windowTo })}
                  </li>
                ))}
              </ul>
            </div>
          )}

          {contact.personRef ? (
            <section aria-labelledby="behalf-heading">
              <h2 id="behalf-heading">{t('contacts.behalf.heading')}</h2>
              <p>{t('contacts.behalf.text')}</p>
              <Button variant="secondary" onClick={onBehalf}>
                {t('contacts.behalf.start')}
              </Button>
            </section>
          ) : (
            <section aria-labelledby="identify-heading">
              <h2 id="identify-heading">{t('contacts.identify.heading')}</h2>
              <form onSubmit={(e) => void identify(e)} noValidate autoComplete="off">
                <TextInput
                  id="contact-identity-code"
                  labelText={t('guidance.find.label')}
                  hintText={t('guidance.find.hint')}
                  value={code}
                  onChange={(v) => setCode(String(v ?? ''))}
                  autoComplete="off"
                  spellCheck={false}
                />
                <div className="actions">
                  <Button type="submit" variant="secondary">
                    {t('contacts.identify.submit')}
                  </Button>
                </div>
              </form>
            </section>
          )}

          <section aria-labelledby="screening-heading">
            <h2 id="screening-heading">{t('contacts.screening.heading')}</h2>
            {contact.screening ? (
              <div data-testid="screening-result">
                <p>
                  {t('contacts.screening.segment')}:{' '}
                  <strong data-testid="segment">{t(`contacts.segment.${contact.screening.segment}` as MessageKey)}</strong>
                </p>
                <p>
                  {t('contacts.screening.recommended')}:{' '}
                  <strong>{t(`contacts.route.${contact.screening.recommendedRoute}` as MessageKey)}</strong>
                </p>
                <h3>{t('contacts.screening.reasons')}</h3>
                <ul data-testid="reasons">
                  {contact.screening.reasons.map((r) => (
                    <li key={r.ruleId}>
                      {t(`contacts.effect.${r.effect}` as MessageKey)}: {r.reason} <span className="hint">({r.ruleId})</span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : questions.length === 0 ? (
              <p>{t('contacts.screening.noForm')}</p>
            ) : (
              <form onSubmit={(e) => void screen(e)} noValidate>
                {questions.map((q) => {
                  const label = q.text[locale] ?? q.text['fi'] ?? q.id;
                  const set = (v: string) => setAnswers((a) => ({ ...a, [q.id]: v }));
                  if (q.type === 'yes-no')
                    return (
                      <RadioButtonGroup
                        key={q.id}
                        id={`q-${q.id}`}
                        name={`q-${q.id}`}
                        labelText={label}
                        value={answers[q.id] ?? ''}
                        onChange={set}
                      >
                        <RadioButton value="yes">{t('common.yes')}</RadioButton>
                        <RadioButton value="no">{t('common.no')}</RadioButton>
                      </RadioButtonGroup>
                    );
                  const options =
                    q.type === 'scale' ? Array.from({ length: 11 }, (_, i) => String(i)) : q.type === 'choice' ? (q.options ?? []) : null;
                  return (
                    <div className="field" key={q.id}>
                      <label htmlFor={`q-${q.id}`} className="label">
                        {label}
                      </label>
                      {options ? (
                        <select id={`q-${q.id}`} className="select" value={answers[q.id] ?? ''} onChange={(e) => set(e.target.value)}>
                          <option value="">{t('contacts.screening.choose')}</option>
                          {options.map((o) => (
                            <option key={o} value={o}>
                              {o}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          id={`q-${q.id}`}
                          className="input"
                          inputMode="numeric"
                          value={answers[q.id] ?? ''}
                          onChange={(e) => set(e.target.value)}
                        />
                      )}
                    </div>
                  );
                })}
                <div className="actions">
                  <Button type="submit">{t('contacts.screening.submit')}</Button>
                </div>
              </form>
            )}
          </section>

          <section aria-labelledby="outcome-heading">
            <h2 id="outcome-heading">{t('contacts.outcome.heading')}</h2>
            {done || contact.status === 'closed' || contact.pendingTransfer ? (
              <p role="status" data-testid="outcome-done">
                {contact.pendingTransfer
                  ? t('contacts.outcome.transferPending', { organisation: contact.pendingTransfer.toOrganisation })
                  : t('contacts.outcome.closed')}
              </p>
            ) : (
              <form onSubmit={(e) => void close(e)} noValidate>
                <RadioButtonGroup
                  id="outcome"
                  name="outcome"
                  labelText={t('contacts.outcome.question')}
                  value={outcome}
                  onChange={setOutcome}
                >
                  <RadioButton value="resolved">{t('contacts.outcome.resolved')}</RadioButton>
                  <RadioButton value="routed">{t('contacts.outcome.routed')}</RadioButton>
                  <RadioButton value="transferred">{t('contacts.outcome.transferred')}</RadioButton>
                </RadioButtonGroup>
                {outcome === 'resolved' && (
                  <div className="field">
                    <label htmlFor="advice" className="label">
                      {t('contacts.advice.label')}
                    </label>
                    <select id="advice" className="select" value={advice} onChange={(e) => setAdvice(e.target.value)}>
                      <option value="">{t('contacts.screening.choose')}</option>
                      {ADVICE.map((a) => (
                        <option key={a} value={a}>
                          {t(`contacts.advice.${a}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
                {outcome === 'routed' && (
                  <>
                    <div className="field">
                      <label htmlFor="route" className="label">
                        {t('contacts.route.label')}
                      </label>
                      <select id="route" className="select" value={route} onChange={(e) => setRoute(e.target.value)}>
                        <option value="">{t('contacts.screening.choose')}</option>
                        {ROUTES.map((r) => (
                          <option key={r} value={r}>
                            {t(`contacts.route.${r}`)}
                          </option>
                        ))}
                      </select>
                    </div>
                    {route === 'named-service' && (
                      <section aria-labelledby="picker-heading" className="picker">
                        <h3 id="picker-heading">{t('contacts.picker.heading')}</h3>
                        {picked && (
                          <p role="status" data-testid="picked">
                            {picked.channel
                              ? t('contacts.picker.chosenAt', {
                                  service: picked.service.name.text,
                                  channel: picked.channel.name?.text ?? picked.channel.channelId,
                                })
                              : t('contacts.picker.chosen', { service: picked.service.name.text })}
                          </p>
                        )}
                        <ServiceSearch
                          idPrefix="picker"
                          initialMunicipality={contact.municipality}
                          onPick={(service, channel) => setPicked({ service, channel })}
                        />
                      </section>
                    )}
                    {route === 'named-professional' && (
                      <TextInput
                        id="destination"
                        labelText={t('contacts.destination.label')}
                        hintText={t('contacts.destination.hint')}
                        value={destination}
                        onChange={(v) => setDestination(String(v ?? ''))}
                      />
                    )}
                  </>
                )}
                {outcome === 'transferred' && (
                  <>
                    <TextInput
                      id="to-organisation"
                      labelText={t('contacts.transfer.organisation')}
                      value={toOrganisation}
                      onChange={(v) => setToOrganisation(String(v ?? ''))}
                    />
                    <TextInput
                      id="to-municipality"
                      labelText={t('contacts.transfer.municipality')}
                      hintText={t('contacts.transfer.municipalityHint')}
                      value={toMunicipality}
                      onChange={(v) => setToMunicipality(String(v ?? ''))}
                    />
                  </>
                )}
                <div className="actions">
                  <Button type="submit">{t('contacts.outcome.submit')}</Button>
                </div>
              </form>
            )}
          </section>
          <p>
            <AppLink to="/guidance/queue">{t('contacts.backToQueue')}</AppLink>
          </p>
        </>
      )}
    </Page>
  );
}
