import { useState, type FormEvent } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { api } from '../api';
import { ApiFailure, Errors, type FieldError } from '../components/errors';
import { Page } from '../components/page';
import { useI18n } from '../i18n/i18n';
import { AppLink, useRouter } from '../router';
import { ListingSummary } from './resident';
import { useDraft } from './switch-flow';

/**
 * Find a resident by identity code. The code goes in a POST body only (never in the URL, the
 * history or storage); the API logs every look-up and rate-limits them per user.
 */
export function GuidanceFind() {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { reset } = useDraft();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    if (!code.trim()) return setErrors([{ field: 'identity-code', text: t('guidance.find.required') }]);
    setErrors([]);
    const r = await api<{ personRef: string }>('POST', '/persons/lookup', { body: { identityCode: code.trim().toUpperCase() } });
    if (!r.ok) {
      if (r.error.code === 'INVALID_HETU') return setErrors([{ field: 'identity-code', text: t('apiError.INVALID_HETU') }]);
      return setFailure(r.error.code);
    }
    setCode('');
    reset(r.body.personRef);
    navigate('/guidance/resident');
  };
  return (
    <Page title="guidance.title">
      <Errors errors={errors} />
      <ApiFailure code={failure} />
      <form onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <TextInput
          id="identity-code"
          labelText={t('guidance.find.label')}
          hintText={t('guidance.find.hint')}
          value={code}
          onChange={(v) => setCode(String(v ?? ''))}
          status={errors.length ? 'error' : 'default'}
          statusText={errors[0]?.text ?? ''}
          autoComplete="off"
          spellCheck={false}
        />
        <div className="actions">
          <Button type="submit">{t('guidance.find.submit')}</Button>
        </div>
      </form>
      <p>
        <AppLink to="/guidance/queue">{t('contacts.backToQueue')}</AppLink>
      </p>
    </Page>
  );
}

export function GuidanceResident() {
  const { t } = useI18n();
  const { draft } = useDraft();
  return (
    <Page title="guidance.resident.title">
      {draft.personRef ? (
        <ListingSummary personRef={draft.personRef} switchPath="/guidance/switch" staff={true} />
      ) : (
        <p>
          <AppLink to="/guidance">{t('guidance.resident.none')}</AppLink>
        </p>
      )}
      <p>
        <AppLink to="/guidance">{t('guidance.resident.another')}</AppLink>
      </p>
    </Page>
  );
}
