import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';

/**
 * One page: its <h1> takes focus when the page opens (a screen reader hears where it is after
 * a client-side navigation), and the document title names it.
 */
export function Page({ title, children }: { title: MessageKey; children: ReactNode }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [title]);
  useEffect(() => {
    document.title = `${t(title)} – ${t('app.name')}`;
  }, [t, title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1} className="page-title">
        {t(title)}
      </h1>
      {children}
    </>
  );
}
