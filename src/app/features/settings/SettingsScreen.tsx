// Settings: language, installing the app, who to contact at school, and this phone.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/LanguagePicker.tsx';
import { ContactCard } from '../../components/ContactCard.tsx';
import { DataSettings } from './DataSettings.tsx';
import { InstallGuide } from './InstallGuide.tsx';
import { RemovePhone } from './RemovePhone.tsx';

export function SettingsScreen({ extra }: { extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="screen-title">{t('settings.title')}</h1>
      <section className="panel" aria-labelledby="settings-language">
        <h2 id="settings-language">{t('settings.language')}</h2>
        <LanguagePicker hint={t('settings.languageHint')} />
      </section>
      {extra}
      <DataSettings />
      <InstallGuide />
      <ContactCard />
      <RemovePhone />
      <section className="panel" aria-labelledby="settings-about">
        <h2 id="settings-about">{t('settings.about.title')}</h2>
        <p>{t('settings.about.privacy')}</p>
      </section>
    </>
  );
}
