/**
 * i18next set up from the shared catalogues: Vietnamese first, English second. The first screen
 * loads Vietnamese (the default, and every language's fallback) with the app's code; English is a
 * chunk of its own, loaded before the first screen shows when it was chosen on this computer
 * (nothing shows untranslated), otherwise when someone switches to it.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../shared/i18n/locales';
import type { Messages } from '../../shared/i18n/vi';
import vi from 'virtual:ecabinet-catalogue/vi';

const STORAGE_KEY = 'ecabinet.locale';

const catalogues: Record<Locale, () => Promise<Messages>> = {
  vi: async () => vi,
  en: () => import('virtual:ecabinet-catalogue/en').then((m) => m.default),
};

function storedLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // Storage can be unavailable (privacy settings); the default is fine.
  }
  return DEFAULT_LOCALE;
}

/** Adds a language's strings once (a no-op when they are there). */
async function ensureCatalogue(locale: Locale): Promise<void> {
  if (i18next.hasResourceBundle(locale, 'translation')) return;
  i18next.addResourceBundle(locale, 'translation', await catalogues[locale]());
}

export async function initI18n(): Promise<void> {
  const lng = storedLocale();
  const resources: Partial<Record<Locale, { translation: Messages }>> = { [DEFAULT_LOCALE]: { translation: vi } };
  if (lng !== DEFAULT_LOCALE) resources[lng] = { translation: await catalogues[lng]() };
  await i18next.use(initReactI18next).init({
    resources,
    // The other languages' strings are added when someone switches (setLocale).
    partialBundledLanguages: true,
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
  await ensureCatalogue(locale);
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered across restarts, but the switch still works now.
  }
}
