/** What the login screen says when sign-ins from this machine are throttled. */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorText } from '../../renderer/src/errors';
import { LOCALES, messages } from '../../shared/i18n';

describe('login error text', () => {
  beforeAll(async () => {
    await i18next.init({
      resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: messages[l] }])),
      lng: 'vi',
      interpolation: { escapeValue: false },
    });
  });

  it('tells how many seconds to wait, in Vietnamese and in English', async () => {
    const throttled = { code: 'login_throttled', message: 'too many failed sign-ins', details: { retryAfterSeconds: 8, seconds: 8 } };
    expect(errorText(i18next.t, throttled)).toBe('Đăng nhập sai nhiều lần từ máy này. Vui lòng chờ 8 giây rồi thử lại.');
    await i18next.changeLanguage('en');
    expect(errorText(i18next.t, throttled)).toBe('Too many failed sign-ins from this computer. Please wait 8 seconds and try again.');
    // Without details (an older services process): a general sentence, never a raw {{placeholder}}.
    expect(errorText(i18next.t, { code: 'login_throttled', message: 'x' })).not.toContain('{{');
    await i18next.changeLanguage('vi');
  });
});
