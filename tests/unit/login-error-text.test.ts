/** What the login screen says when sign-ins from this machine are throttled (renderer/src/errors.ts passes the seconds). */
import { describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n';

describe('login throttled text', () => {
  it('tells how many seconds to wait, in Vietnamese and in English', () => {
    expect(translate('vi', 'errors.login_throttled', { seconds: 8 })).toBe('Đăng nhập sai nhiều lần từ máy này. Vui lòng chờ 8 giây rồi thử lại.');
    expect(translate('en', 'errors.login_throttled', { seconds: 8 })).toBe('Too many failed sign-ins from this computer. Please wait 8 seconds and try again.');
  });
});
