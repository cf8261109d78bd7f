/** i18next set up from the shared catalogues: Vietnamese first, English second. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, LOCALES, messages, type Locale } from '../../shared/i18n';

const STORAGE_KEY = 'ecabinet.locale';

function storedLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // Storage can be unavailable (privacy settings); the default is fine.
  }
  return DEFAULT_LOCALE;
}

export async function initI18n(): Promise<void> {
  const lng = storedLocale();
  await i18next.use(initReactI18next).init({
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: messages[l] }])),
    lng,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    // React escapes already; double escaping would mangle names such as "Sở Tài chính & Đầu tư".
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
}

export function currentLocale(): Locale {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return (LOCALES as readonly string[]).includes(lng) ? (lng as Locale) : DEFAULT_LOCALE;
}

export async function setLocale(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered across restarts, but the switch still works now.
  }
}
