// What the matching service and its round operations (moves, publish) are built from; a file of its own so they need not import each other.
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { EventHub } from '../../lib/events.js';
import type { Notifier } from '../notifications/port.js';
import type { EngineRunner } from './engine-runner.js';
import type { MatchingHooks } from './hooks.js';

export interface MatchingDeps {
  database: Database;
  config: Config;
  events: EventHub;
  runner: EngineRunner;
  /** Tells members they were matched (on publish), in the publishing transaction. */
  notifier?: Notifier;
  /** Other modules' hooks into publish (e.g. the alliance ledger), run in the publish transaction. */
  hooks?: MatchingHooks;
}
