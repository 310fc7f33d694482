import { useState } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { api } from '../api';
import { ApiFailure, Errors, type FieldError } from '../components/errors';
import { Page } from '../components/page';
import { helsinkiToday } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { must, useLoad } from '../data';
import { useSession } from '../auth/session';

type Line =
  | { kind: 'capitation'; ageBand: string; sex: string | null; clients: number; unitCents: number; amountCents: number }
  | { kind: 'service'; serviceType: string; count: number; unitCents: number; amountCents: number }
  | { kind: 'adjustment'; correctsMonth: string; serviceType: string; count: number; unitCents: number; amountCents: number }
  | { kind: 'voucher'; voucherTypeId: string; count: number; unitCents: number; amountCents: number }
  | { kind: 'voucher-adjustment'; correctsMonth: string; voucherTypeId: string; count: number; unitCents: number; amountCents: number };

interface MonthSettlements {
  month: string;
  providers: Array<{
    providerId: string;
    status: string;
    calculatedBy: string | null;
    approvedBy: string | null;
    lines: Line[];
    totalCents: number;
  }>;
  grandTotalCents: number;
}

type RateVersion = { validFrom: string } & Record<string, unknown>;

const previousMonth = (today: string): string => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** Saves an export: fetched with the bearer (a plain link would carry no token), then handed to the browser. */
async function download(month: string, format: 'csv' | 'json', locale: string): Promise<string | null> {
  const r = await api<string | object>('GET', `/settlements/${month}/export?format=${format}&locale=${locale}`, {
    accept: format === 'csv' ? 'text/csv' : 'application/json',
  });
  if (!r.ok) return r.error.code;
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body, null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `settlements-${month}.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return null;
}

export function FinancePage() {
  const { t, euros, month: monthText, date, locale } = useI18n();
  const { me } = useSession();
  const [month, setMonth] = useState(previousMonth(helsinkiToday()));
  const [shown, setShown] = useState(month);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const settlements = useLoad(`settlements/${shown}`, () => must(api<MonthSettlements>('GET', `/settlements/${shown}`)));
  const rates = useLoad('rates', () =>
    must(api<{ capitation: RateVersion[]; serviceFees: RateVersion[]; clientFees: RateVersion[] }>('GET', '/rates')),
  );
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const act = async (call: () => ReturnType<typeof api>, message: MessageKey) => {
    setFailure(null);
    setDone(null);
    const r = await call();
    if (!r.ok) return setFailure(r.error.code);
    setDone(message);
    settlements.reload();
  };
  const run = () => {
    if (!valid) return setErrors([{ field: 'settlement-month', text: t('finance.month.invalid') }]);
    setErrors([]);
    setShown(month);
    void act(() => api('POST', `/settlements/${month}/run`, { body: {}, idempotent: true }), 'finance.ran');
  };
  const s = settlements.data;
  return (
    <Page title="finance.title">
      <Errors errors={errors} />
      <ApiFailure code={failure} />
      {done && (
        <div role="status" className="notice notice-success">
          {t(done)}
        </div>
      )}
      <section className="panel" aria-labelledby="run-heading">
        <h2 id="run-heading">{t('finance.run.heading')}</h2>
        <TextInput
          id="settlement-month"
          labelText={t('finance.month.label')}
          hintText={t('finance.month.hint')}
          value={month}
          onChange={(v) => setMonth(String(v ?? ''))}
          status={errors.length ? 'error' : 'default'}
          statusText={errors[0]?.text ?? ''}
        />
        <div className="actions">
          <Button onClick={run}>{t('finance.run.submit')}</Button>
          <Button variant="secondary" onClick={() => valid && setShown(month)}>
            {t('finance.show')}
          </Button>
        </div>
      </section>
      {s && (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t('finance.drafts.heading', { month: monthText(s.month) })}</h2>
          {s.providers.length === 0 && <p>{t('finance.drafts.none')}</p>}
          {s.providers.map((p) => (
            <div className="panel" key={p.providerId} data-testid={`settlement-${p.providerId}`}>
              <h3>{p.providerId}</h3>
              <p>
                <span data-testid={`status-${p.providerId}`}>{t(`settlementStatus.${p.status}` as MessageKey)}</span>
                {p.calculatedBy ? ` · ${t('finance.calculatedBy', { who: p.calculatedBy })}` : ''}
                {p.approvedBy ? ` · ${t('finance.approvedBy', { who: p.approvedBy })}` : ''}
              </p>
              <table className="table">
                <caption className="visually-hidden">{t('finance.lines', { provider: p.providerId })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('finance.col.kind')}</th>
                    <th scope="col">{t('finance.col.what')}</th>
                    <th scope="col">{t('finance.col.count')}</th>
                    <th scope="col">{t('finance.col.unit')}</th>
                    <th scope="col">{t('finance.col.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.lines.map((l, i) => (
                    <tr key={i}>
                      <td>{t(`lineKind.${l.kind}` as MessageKey)}</td>
                      <td>
                        {l.kind === 'capitation'
                          ? `${l.ageBand}${l.sex ? ` ${l.sex}` : ''}`
                          : l.kind === 'adjustment'
                            ? `${t(`serviceType.${l.serviceType}` as MessageKey)} · ${t('finance.corrects', { month: monthText(l.correctsMonth) })}`
                            : l.kind === 'voucher'
                              ? l.voucherTypeId
                              : l.kind === 'voucher-adjustment'
                                ? `${l.voucherTypeId} · ${t('finance.corrects', { month: monthText(l.correctsMonth) })}`
                                : t(`serviceType.${l.serviceType}` as MessageKey)}
                      </td>
                      <td className="num">{l.kind === 'capitation' ? l.clients : l.count}</td>
                      <td className="num">{euros(l.unitCents)}</td>
                      <td className="num">{euros(l.amountCents)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={4}>
                      {t('finance.total')}
                    </th>
                    <td className="num" data-testid={`total-${p.providerId}`}>
                      {euros(p.totalCents)}
                    </td>
                  </tr>
                </tfoot>
              </table>
              {p.status === 'draft' && (
                <>
                  {p.calculatedBy && me && p.calculatedBy.endsWith(me.subject) && <p className="hint">{t('finance.fourEyes')}</p>}
                  <Button
                    onClick={() =>
                      void act(
                        () =>
                          api('POST', `/settlements/${s.month}/providers/${encodeURIComponent(p.providerId)}/approval`, {
                            idempotent: true,
                          }),
                        'finance.approved',
                      )
                    }
                  >
                    {t('finance.approve', { provider: p.providerId })}
                  </Button>
                </>
              )}
            </div>
          ))}
          <p>
            {t('finance.grandTotal')}: <strong>{euros(s.grandTotalCents)}</strong>
          </p>
          <div className="actions">
            <Button variant="secondary" onClick={() => void download(s.month, 'csv', locale).then(setFailure)}>
              {t('finance.downloadCsv')}
            </Button>
            <Button variant="secondary" onClick={() => void download(s.month, 'json', locale).then(setFailure)}>
              {t('finance.downloadJson')}
            </Button>
          </div>
        </section>
      )}
      <section aria-labelledby="rates-heading">
        <h2 id="rates-heading">{t('finance.rates.heading')}</h2>
        {rates.data &&
          (['capitation', 'serviceFees', 'clientFees'] as const).map((kind) => (
            <div key={kind}>
              <h3>{t(`finance.rates.${kind}`)}</h3>
              {rates.data![kind].length === 0 ? (
                <p>{t('finance.rates.none')}</p>
              ) : (
                <table className="table">
                  <caption className="visually-hidden">{t(`finance.rates.${kind}`)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('finance.rates.validFrom')}</th>
                      <th scope="col">{t('finance.rates.values')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rates.data![kind].map((v) => (
                      <tr key={v.validFrom}>
                        <td>{date(v.validFrom)}</td>
                        <td>
                          {Object.entries(v)
                            .filter(([k, x]) => k !== 'validFrom' && typeof x === 'object' && x)
                            .flatMap(([, x]) => Object.entries(x as Record<string, unknown>))
                            .map(([k, x]) => `${k}: ${typeof x === 'number' ? euros(x) : String(x)}`)
                            .join(' · ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
      </section>
    </Page>
  );
}
