import { useEffect, useRef } from 'react';
import { ErrorSummary } from 'suomifi-ui-components';
import { useI18n } from '../i18n/i18n';

export interface FieldError {
  /** The id of the field the summary links to. */
  field: string;
  text: string;
}

/** GOV.UK's error summary: at the top, focused when it appears, each line a link to its field. */
export function Errors({ errors }: { errors: FieldError[] }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (errors.length > 0) heading.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <ErrorSummary
      className="error-summary"
      headingText={t('errors.heading')}
      headingVariant="h2"
      headingRef={heading}
      items={errors.map((e) => ({ text: e.text, inputId: e.field }))}
    />
  );
}

/** A failure of the API, in the catalogue's words for its code. */
export function ApiFailure({ code }: { code: string | null }) {
  const { t } = useI18n();
  if (!code) return null;
  const key = `apiError.${code}` as const;
  const text = t(key as never);
  return (
    <div role="alert" className="notice notice-error">
      {text === key ? t('apiError.other', { code }) : text}
    </div>
  );
}
