// What the matching service and its round operations (moves, publish) are built from; a file of its own so they need not import each other.
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { EventHub } from '../../lib/events.js';
import type { EngineRunner } from './engine-runner.js';

export interface MatchingDeps {
  database: Database;
  config: Config;
  events: EventHub;
  runner: EngineRunner;
}
