/** The app's languages, without their catalogues (the renderer loads one catalogue at a time). */
export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];
export const DEFAULT_LOCALE: Locale = 'vi';
