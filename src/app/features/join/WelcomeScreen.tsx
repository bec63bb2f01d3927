// The first screen after joining (by link or code): which family and children this phone
// now follows, the language (each in its own name and script, so a parent whose phone is
// set to another language can still find theirs), what Homeward does offline; then the
// timetable. Drawn at once from the join's answer while the first sync runs behind it.
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useShell } from '../../components/ShellContext.tsx';
import { changeLanguage } from '../../i18n/index.ts';
import { intlLocale, languages } from '../../i18n/languages.ts';

type Joined = { children?: Array<{ id: string; displayName: string }> };

// A name from the school keeps its own direction inside a sentence of another script.
const isolate = (text: string) => `\u2068${text}\u2069`;

export function WelcomeScreen() {
  const { t, i18n } = useTranslation('welcome');
  const shell = useShell();
  const navigate = useNavigate();
  const joined = useLocation().state as Joined | null;
  if (!shell) return null;
  if (!shell.device) return <Navigate to="/join" replace />;
  // From the join's answer; after a reload without it, what the phone has synced.
  const names = (joined?.children ?? shell.pupils).map((c) => isolate(c.displayName));
  const family = isolate(shell.device.familyName);
  const children = new Intl.ListFormat(intlLocale(i18n.language), { type: 'conjunction' }).format(
    names,
  );

  return (
    <main id="main" className="join welcome" data-testid="welcome">
      <div className="join__card">
        <img className="join__logo" src="/icons/icon.svg" alt="" width="72" height="72" />
        <h1>{t('welcome.title', { family })}</h1>
        <p data-testid="welcome-joined">
          {names.length > 0
            ? t('welcome.joined', { family, children, count: names.length })
            : t('welcome.noChildren', { family })}
        </p>
        <fieldset className="welcome__languages">
          <legend>{t('welcome.language')}</legend>
          {languages.map((l) => (
            <button
              key={l.code}
              type="button"
              className="button welcome__language"
              lang={l.code}
              dir={l.dir}
              aria-pressed={i18n.language === l.code}
              onClick={() => void changeLanguage(l.code)}
            >
              {l.name}
            </button>
          ))}
        </fieldset>
        <p className="welcome__offline">{t('welcome.offline')}</p>
        <button
          type="button"
          className="button button--primary"
          data-testid="welcome-continue"
          onClick={() => void navigate('/week', { replace: true })}
        >
          {t('welcome.continue')}
        </button>
      </div>
    </main>
  );
}
