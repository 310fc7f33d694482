import { useEffect, useState, type ReactNode } from 'react';
import { Button } from 'suomifi-ui-components';
import { useSession } from './auth/session';
import { Page } from './components/page';
import { LOCALES } from './i18n/format';
import { useI18n } from './i18n/i18n';
import { NAV } from './routes';
import { AppLink, useRouter } from './router';
import { GuidanceFind, GuidanceResident } from './pages/guidance';
import { GuidanceContact, GuidanceQueue } from './pages/contacts';
import { FindService } from './pages/services';
import { CountyKpis } from './pages/kpis';
import { PlanWorkerPage, ResidentPlan } from './pages/plans';
import { ResidentAccessLog, ResidentFees, ResidentHome } from './pages/resident';
import { ChooseReason, ChooseStation, CheckAnswers, SwitchDone } from './pages/switch-flow';
import { FinancePage } from './pages/finance';
import { CountyDashboard, CountyPage } from './pages/county';

/** The page of each path, and the role it needs (none: open to anyone). */
const PAGES: Record<string, { role?: string; render: () => ReactNode }> = {
  '/': { render: () => <Home /> },
  '/signed-in': { render: () => <SignedIn /> },
  '/accessibility': { render: () => <AccessibilityStatement /> },
  '/resident': { role: 'resident', render: () => <ResidentHome /> },
  '/resident/switch': { role: 'resident', render: () => <ChooseStation base="/resident/switch" staff={false} /> },
  '/resident/switch/reason': { role: 'resident', render: () => <ChooseReason base="/resident/switch" staff={false} /> },
  '/resident/switch/check': { role: 'resident', render: () => <CheckAnswers base="/resident/switch" staff={false} /> },
  '/resident/switch/done': { role: 'resident', render: () => <SwitchDone base="/resident/switch" staff={false} /> },
  // The catalogue is public information: anyone finds a service, signed in or not.
  '/resident/services': { render: () => <FindService /> },
  '/resident/plan': { role: 'resident', render: () => <ResidentPlan /> },
  '/plans': { role: 'plan-worker', render: () => <PlanWorkerPage /> },
  '/resident/fees': { role: 'resident', render: () => <ResidentFees /> },
  '/resident/access-log': { role: 'resident', render: () => <ResidentAccessLog /> },
  '/guidance': { role: 'guidance', render: () => <GuidanceFind /> },
  '/guidance/queue': { role: 'guidance', render: () => <GuidanceQueue /> },
  '/guidance/contact': { role: 'guidance', render: () => <GuidanceContact /> },
  '/guidance/resident': { role: 'guidance', render: () => <GuidanceResident /> },
  '/guidance/switch': { role: 'guidance', render: () => <ChooseStation base="/guidance/switch" staff={true} /> },
  '/guidance/switch/reason': { role: 'guidance', render: () => <ChooseReason base="/guidance/switch" staff={true} /> },
  '/guidance/switch/check': { role: 'guidance', render: () => <CheckAnswers base="/guidance/switch" staff={true} /> },
  '/guidance/switch/done': { role: 'guidance', render: () => <SwitchDone base="/guidance/switch" staff={true} /> },
  '/finance': { role: 'finance', render: () => <FinancePage /> },
  '/county': { role: 'county', render: () => <CountyPage /> },
  '/county/dashboard': { role: 'county', render: () => <CountyDashboard /> },
  '/county/contact-intake': { role: 'county', render: () => <CountyKpis /> },
};

function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <nav aria-label={t('language.switch')} className="languages">
      <ul>
        {LOCALES.map((l) => (
          <li key={l}>
            <button
              type="button"
              lang={l}
              className="language-button"
              aria-pressed={l === locale}
              onClick={() => setLocale(l)}
              data-testid={`lang-${l}`}
            >
              {t(`language.own.${l}`)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  const { t } = useI18n();
  const { path } = useRouter();
  const session = useSession();
  const page = PAGES[path.replace(/\/+$/, '') || '/'];
  const items = NAV.filter((n) => session.has(n.role));
  return (
    <>
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <header className="header">
        <div className="header-inner">
          <AppLink to="/" className="brand">
            {t('app.name')}
          </AppLink>
          <LanguageSwitch />
          {session.me && (
            <div className="who">
              <span>{session.me.username}</span>
              <Button variant="secondaryNoBorder" onClick={session.signOut}>
                {t('app.signOut')}
              </Button>
            </div>
          )}
        </div>
        {items.length > 0 && (
          <nav aria-label={t('nav.label')} className="nav">
            <ul>
              {items.map((n) => (
                <li key={n.path}>
                  <AppLink to={n.path} className={n.path === path ? 'nav-link current' : 'nav-link'}>
                    {t(n.label)}
                  </AppLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" className="main">
        {!page ? (
          <NotFound />
        ) : page.role && !session.has(page.role) ? (
          // Signing in again after a reload: not "sign in needed" while the issuer answers.
          session.status === 'working' ? (
            <p role="status">{t('common.loading')}</p>
          ) : (
            <SignInNeeded />
          )
        ) : (
          page.render()
        )}
      </main>
      <footer className="footer">
        <ul>
          <li>
            <AppLink to="/accessibility">{t('footer.accessibility')}</AppLink>
          </li>
          <li>
            <a className="link" href={t('footer.feedbackHref')}>
              {t('footer.feedback')}
            </a>
          </li>
        </ul>
      </footer>
    </>
  );
}

function SignInButton() {
  const { t, locale } = useI18n();
  const { path } = useRouter();
  const session = useSession();
  return (
    <Button onClick={() => session.signIn(path === '/' ? '/' : path, locale)} disabled={!session.config || session.status === 'working'}>
      {t('app.signIn')}
    </Button>
  );
}

function Home() {
  const { t } = useI18n();
  const session = useSession();
  const items = NAV.filter((n) => session.has(n.role));
  return (
    <Page title="home.title">
      <p>{t('home.intro')}</p>
      {session.status === 'failed' && (
        <div role="alert" className="notice notice-error">
          {t('app.signInFailed')}
        </div>
      )}
      {session.me ? (
        <ul className="link-list">
          {items.map((n) => (
            <li key={n.path}>
              <AppLink to={n.path}>{t(n.label)}</AppLink>
            </li>
          ))}
        </ul>
      ) : (
        <SignInButton />
      )}
      <p>
        <AppLink to="/resident/services">{t('nav.services')}</AppLink>
      </p>
    </Page>
  );
}

function SignedIn() {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const session = useSession();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!session.config || session.status !== 'idle') return;
    session
      .complete(window.location.search)
      .then((to) => navigate(to))
      .catch(() => setFailed(true));
  }, [session, navigate]);
  return (
    <Page title="signedIn.title">
      {failed ? (
        <div role="alert" className="notice notice-error">
          {t('app.signInFailed')}
        </div>
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
    </Page>
  );
}

function SignInNeeded() {
  const { t } = useI18n();
  const session = useSession();
  return (
    <Page title="signInNeeded.title">
      <p>{session.me ? t('signInNeeded.role') : t('signInNeeded.text')}</p>
      {!session.me && <SignInButton />}
    </Page>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title="notFound.title">
      <p>
        <AppLink to="/">{t('notFound.home')}</AppLink>
      </p>
    </Page>
  );
}

function AccessibilityStatement() {
  const { t } = useI18n();
  return (
    <Page title="a11y.title">
      <p>{t('a11y.scope')}</p>
      <h2>{t('a11y.status.heading')}</h2>
      <p>{t('a11y.status.text')}</p>
      <h2>{t('a11y.known.heading')}</h2>
      <ul>
        <li>{t('a11y.known.1')}</li>
        <li>{t('a11y.known.2')}</li>
      </ul>
      <h2>{t('a11y.feedback.heading')}</h2>
      <p>
        {t('a11y.feedback.text')}{' '}
        <a className="link" href={t('footer.feedbackHref')}>
          {t('footer.feedback')}
        </a>
      </p>
      <h2>{t('a11y.enforcement.heading')}</h2>
      <p>{t('a11y.enforcement.text')}</p>
      <p className="hint">{t('a11y.prepared')}</p>
    </Page>
  );
}
