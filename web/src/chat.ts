// One chat connection per logged-in tab, through the typed client in src/client (the upgrade carries the session cookie).
import { ChatClient } from '../../src/client/chat-client.js';

let client: ChatClient | null = null;

export function chatClient(): ChatClient {
  if (!client) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    client = new ChatClient({ url: `${scheme}//${location.host}/api/v1/ws`, httpBase: `${location.origin}/api/v1`, pingIntervalMs: 20_000 });
    client.connect();
  }
  return client;
}

/** On logout: close for good, so the next member starts from a fresh connection. */
export function closeChat(): void {
  client?.close();
  client = null;
}
