// The chat client for app developers: see docs/protocol.md ("Client usage").
export { ChatClient, ChatError, type ChatClientOptions, type ClientEvents, type SocketFactory, type SocketLike } from './chat-client.js';
export * from './protocol.js';
