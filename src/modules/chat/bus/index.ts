// Picks the bus: Redis when REDIS_URL is set, PostgreSQL LISTEN/NOTIFY on DATABASE_URL, in memory for the embedded database.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../../config.js';
import type { Database } from '../../../db/client.js';
import { MemoryBus } from './memory.js';
import { PostgresBus } from './postgres.js';
import { RedisBus } from './redis.js';
import type { ChatBus } from './types.js';


export function createBus(nodeId: string, config: Config, database: Database, log: FastifyBaseLogger): ChatBus {
  let kind = config.CHAT_BUS;
  if (kind === 'auto') kind = config.REDIS_URL ? 'redis' : database.kind === 'postgres' ? 'postgres' : 'memory';
  if (kind === 'redis') {
    if (!config.REDIS_URL) throw new Error('CHAT_BUS=redis needs REDIS_URL');
    return new RedisBus(nodeId, { url: config.REDIS_URL, channel: config.CHAT_BUS_CHANNEL, log });
  }
  if (kind === 'postgres') {
    if (database.kind !== 'postgres' || !database.connectionString) throw new Error('CHAT_BUS=postgres needs DATABASE_URL');
    return new PostgresBus(nodeId, { connectionString: database.connectionString, channel: config.CHAT_BUS_CHANNEL, log });
  }
  return new MemoryBus(nodeId);
}

export type { BusEvent, ChatBus, Envelope } from './types.js';
