// The unread notification count for the nav: loaded at login, bumped live by `notification` frames on the socket.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { chatClient } from './chat.js';

type Listener = (n: number) => void;
const listeners = new Set<Listener>();
let unread = 0;

export function setUnread(n: number): void {
  unread = n;
  for (const fn of listeners) fn(n);
}

/** Starts listening for live notifications (once per login) and returns the current unread count. */
export function useUnreadNotifications(enabled: boolean): number {
  const [n, setN] = useState(unread);
  useEffect(() => {
    if (!enabled) return;
    listeners.add(setN);
    api<{ unreadCount: number }>('/me/notifications?limit=1').then(
      (page) => setUnread(page.unreadCount),
      () => {},
    );
    const off = chatClient().on('frame', (frame) => {
      if (frame.type === 'notification') setUnread(unread + 1);
    });
    return () => {
      listeners.delete(setN);
      off();
    };
  }, [enabled]);
  return n;
}

/** Live notifications for a page that lists them. */
export function onNotificationFrame(fn: () => void): () => void {
  return chatClient().on('frame', (frame) => {
    if (frame.type === 'notification') fn();
  });
}
