/**
 * Shows the services' notifications in browser mode with the Notification API (Electron's main
 * process shows them there), opens a notification's screen when it is clicked, and tells the
 * services the language to write them in.
 */
import { useEffect } from 'react';
import i18next from 'i18next';
import { invoke, subscribe } from '../bridge';
import { currentLocale } from '../i18n';
import { navigate } from '../router';

export function useDesktopNotifications(): void {
  useEffect(() => {
    let browserMode = false;
    void invoke('app.info', {}).then((info) => (browserMode = info.mode === 'browser'), () => undefined);
    const sayLocale = () => void invoke('notifications.configure', { locale: currentLocale() }).catch(() => undefined);
    sayLocale();
    i18next.on('languageChanged', sayLocale);
    const offShow = subscribe('notification.show', (n) => {
      if (!browserMode || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      // The tag makes a browser replace, not stack, a second notice of the same thing.
      const shown = new Notification(n.title, { body: n.body, tag: n.key, lang: currentLocale() });
      shown.onclick = () => {
        window.focus();
        navigate(n.route);
        shown.close();
      };
    });
    // A click on a notification Electron's main process showed.
    const offOpen = subscribe('notification.open', ({ route }) => navigate(route));
    return () => {
      i18next.off('languageChanged', sayLocale);
      offShow();
      offOpen();
    };
  }, []);
}
