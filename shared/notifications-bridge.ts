/**
 * Desktop notifications: what the client services derive from synced data and live events (a new
 * invitation, a vote opened, a written opinion asked, a document to sign, a new version of a
 * meeting's document) and hand to the shell
 * that shows them (Electron's `Notification` in the main process, the browser's Notification
 * API in browser mode). Spread into BridgeMethods / BridgeEvents (shared/bridge.ts). Must not
 * import shared/bridge.ts.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const DesktopNotificationKind = lazySchema(() => z.enum(['invitation', 'vote', 'opinion', 'signature', 'version']));
export type DesktopNotificationKind = z.infer<typeof DesktopNotificationKind>;

/** The screen a click opens: a route of the app ("#/meetings/…"). */
export const AppRoute = lazySchema(() => z.string().regex(/^#\/[^\s]*$/).max(600));

export const DesktopNotification = lazySchema(() => z.object({
  /** The thing it is about ("vote:<id>"): the same thing is never announced twice on a device. */
  key: z.string().min(1).max(200),
  kind: DesktopNotificationKind,
  /** In the language the user chose in the app. */
  title: z.string().max(200),
  body: z.string().max(1000),
  route: AppRoute,
}));
export type DesktopNotification = z.infer<typeof DesktopNotification>;

/** The user's answer to "show desktop notifications?": asked once per device, changed in the header. */
export const NotificationChoice = lazySchema(() => z.enum(['unasked', 'on', 'off']));
export type NotificationChoice = z.infer<typeof NotificationChoice>;

export const NotificationSettings = lazySchema(() => z.object({ choice: NotificationChoice }));
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const NotificationBridgeMethods = {
  'notifications.settings': { input: lazySchema(() => z.object({}).strict()), output: NotificationSettings },
  /** Records the user's answer and/or the language notifications are written in. */
  'notifications.configure': {
    input: lazySchema(() => z.object({ choice: z.enum(['on', 'off']).optional(), locale: z.enum(['vi', 'en']).optional() }).strict()),
    output: NotificationSettings,
  },
} as const;

export const NotificationBridgeEvents = {
  /** Show this notification (browser mode: the page does; Electron: the main process does). */
  'notification.show': DesktopNotification,
  /** The user clicked a notification the shell showed: open its screen. */
  'notification.open': lazySchema(() => z.object({ route: AppRoute })),
} as const;
