/**
 * The user's answer to desktop notifications, shared by the one-time question and the header
 * switch. Browser mode asks the browser's permission when he says yes (the Notification API);
 * Electron needs none: its main process shows them.
 */
import { useEffect, useState } from 'react';
import type { NotificationChoice } from '../../../shared/notifications-bridge';
import { invoke } from '../bridge';

type Listener = (c: NotificationChoice) => void;
const listeners = new Set<Listener>();
let current: NotificationChoice | null = null;

function publish(c: NotificationChoice): void {
  current = c;
  for (const l of [...listeners]) l(c);
}

/** The stored answer (null while it loads). */
export function useNotificationChoice(): NotificationChoice | null {
  const [choice, setChoice] = useState<NotificationChoice | null>(current);
  useEffect(() => {
    listeners.add(setChoice);
    if (current === null) void invoke('notifications.settings', {}).then((s) => publish(s.choice), () => undefined);
    return () => void listeners.delete(setChoice);
  }, []);
  return choice;
}

export type TurnOnOutcome = 'on' | 'blocked';

/** Turns notifications on; in a browser that refuses them the answer stays "off" and says why. */
export async function turnOn(): Promise<TurnOnOutcome> {
  const { mode } = await invoke('app.info', {});
  if (mode === 'browser') {
    const permission = typeof Notification === 'undefined' ? 'denied' : await Notification.requestPermission();
    if (permission !== 'granted') {
      publish((await invoke('notifications.configure', { choice: 'off' })).choice);
      return 'blocked';
    }
  }
  publish((await invoke('notifications.configure', { choice: 'on' })).choice);
  return 'on';
}

export async function turnOff(): Promise<void> {
  publish((await invoke('notifications.configure', { choice: 'off' })).choice);
}
