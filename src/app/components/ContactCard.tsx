// Who to contact at school for what, including the safeguarding lead, and staff hours.
import { useTranslation } from 'react-i18next';
import { useSchool } from '../data/hooks.ts';

export function ContactCard() {
  const { t } = useTranslation();
  const school = useSchool();
  if (!school) return null;
  return (
    <section className="panel" aria-labelledby="settings-contact">
      <h2 id="settings-contact">{t('settings.school.title')}</h2>
      <p dir="auto">
        <strong>{school.name}</strong>
      </p>
      <p>{t('settings.school.hours', { hours: school.contactHours })}</p>
      <ul className="contacts">
        {school.contacts.map((c) => (
          <li key={`${c.role}-${c.name}`} className="contact">
            <p dir="auto">
              <strong>{c.role}</strong>: {c.name}
            </p>
            <p dir="auto" className="hint">
              {c.about}
            </p>
            <p className="contact__links">
              {c.phone ? (
                <a
                  className="button button--small"
                  href={`tel:${c.phone.replace(/\s/g, '')}`}
                  dir="ltr"
                >
                  {c.phone}
                </a>
              ) : null}
              {c.email ? (
                <a className="button button--small" href={`mailto:${c.email}`} dir="ltr">
                  {c.email}
                </a>
              ) : null}
            </p>
          </li>
        ))}
      </ul>
      <p className="note">{t('settings.school.safeguarding')}</p>
    </section>
  );
}
