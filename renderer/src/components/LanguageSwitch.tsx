import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../../shared/i18n/locales';
import { currentLocale, setLocale } from '../i18n';

/** VI / EN toggle; the choice is remembered on this computer. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const active = currentLocale();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          className={l === active ? 'lang-btn active' : 'lang-btn'}
          aria-pressed={l === active}
          lang={l}
          title={t(`language.${l}`)}
          data-testid={`lang-${l}`}
          onClick={() => void setLocale(l)}
        >
          {t(l === 'vi' ? 'language.viShort' : 'language.enShort')}
        </button>
      ))}
    </div>
  );
}
