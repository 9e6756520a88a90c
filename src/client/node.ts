// Node helper: a ChatClient on the `ws` package (Node 20 has no global WebSocket).
import WebSocket from 'ws';
import { ChatClient, type ChatClientOptions } from './chat-client.js';

export function nodeChatClient(opts: Omit<ChatClientOptions, 'socket'>): ChatClient {
  return new ChatClient({ ...opts, socket: (url) => new WebSocket(url) as unknown as import('./chat-client.js').SocketLike });
}
