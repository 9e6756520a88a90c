// Configuration: one zod schema over process.env, parsed once at start and frozen; tests override single keys.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  MIGRATE_ON_START: bool.default(false),
  PG_POOL_MAX: int(1, 200).default(10),
  AUTO_APPROVE: bool.default(false),
  ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalText.pipe(z.string().min(12).max(256).optional()),
  SESSION_TTL_HOURS: int(1, 24 * 365).default(24 * 14),
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default(256 * 1024),
  LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  LOGIN_FAILURE_WINDOW_MINUTES: int(1, 24 * 60).default(30),
  RATE_LIMIT_REGISTER_PER_HOUR: int(1, 1_000_000).default(20),
  RATE_LIMIT_LOGIN_PER_MINUTE: int(1, 1_000_000).default(30),
  RATE_LIMIT_WRITES_PER_MINUTE: int(1, 1_000_000).default(120),
  RATE_LIMIT_QUESTIONS_PER_HOUR: int(1, 1_000_000).default(20),
  RATE_LIMIT_CONTENT_PER_MINUTE: int(1, 1_000_000).default(20),
  RATE_LIMIT_VOTES_PER_MINUTE: int(1, 1_000_000).default(60),
  RATE_LIMIT_REPORTS_PER_HOUR: int(1, 1_000_000).default(20),
  RATE_LIMIT_PASSWORD_CHANGES_PER_HOUR: int(1, 1_000_000).default(5),
  TRUST_PROXY: bool.default(false),
  SHUTDOWN_TIMEOUT_MS: int(100, 120_000).default(10_000),
  COMPETITOR_RADIUS_KM: z.coerce.number().min(0).max(1000).default(40),
  ALLIANCE_RADIUS_KM: z.coerce.number().min(0).max(1000).default(30),
  NO_REPEAT_ROUNDS: int(0, 100).default(3),
  MATCHING_WORKER_THRESHOLD: int(0, 10_000_000).default(300),
  CIRCLE_TERM_DAYS: int(1, 3650).default(365),
  CIRCLE_INACTIVE_WEEKS: int(1, 520).default(4),
  CIRCLE_TERM_SWEEP_MS: int(100, 24 * 3_600_000).default(3_600_000),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  AUTO_HIDE_REPORTS: int(1, 100).default(3),
  REPORTER_STANDING_DAYS: int(0, 3650).default(7),
  SUSPENSION_SWEEP_MS: int(100, 24 * 3_600_000).default(60_000),
  CHAT_BUS: z.enum(['auto', 'memory', 'postgres', 'redis']).default('auto'),
  CHAT_REPLAY_CAP: int(1, 100_000).default(500),
  CHAT_SEND_RATE: z.coerce.number().min(0.01).max(1_000_000).default(5),
  CHAT_SEND_BURST: int(1, 1_000_000).default(20),
  CHAT_FRAME_RATE: z.coerce.number().min(1).max(1_000_000).default(30),
  CHAT_TYPING_INTERVAL_MS: int(100, 60_000).default(3000),
  CHAT_PING_INTERVAL_MS: int(100, 600_000).default(30_000),
  CHAT_CATCHUP_MS: int(50, 600_000).default(2000),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000).default(1000),
  LOAD_SHED_SAMPLE_MS: int(10, 60_000).default(1000),
  LOAD_SHED_RETRY_AFTER_SECONDS: int(1, 3600).default(10),
  CHAT_MAX_SOCKETS_PER_MEMBER: int(1, 10_000).default(10),
  CHAT_BUS_CHANNEL: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase identifier').default('practice_peers_chat'),
  CHAT_INSTANCE_ID: optionalText.pipe(z.string().max(200).optional()),
  // Peers heartbeat every 3 s: a process silent this long is taken for dead (its members go offline everywhere).
  CHAT_NODE_TIMEOUT_MS: int(6000, 600_000).default(12_000),
  CHAT_MAX_BUFFERED_BYTES: int(16 * 1024, 64 * 1024 * 1024).default(1024 * 1024),
  SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  MAIL_FROM: z.string().min(3).default('practice-peers <no-reply@practice-peers.localhost>'),
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  MAIL_TOKEN_SECRET: optionalText.pipe(z.string().min(32).optional()),
  NOTIFY_WORKER: bool.default(true),
  NOTIFY_POLL_MS: int(20, 600_000).default(1000),
  NOTIFY_BATCH: int(1, 5000).default(100),
  NOTIFY_CONCURRENCY: int(1, 100).default(8),
  NOTIFY_MAX_ATTEMPTS: int(1, 100).default(10),
  NOTIFY_RETRY_BASE_MS: int(10, 24 * 3_600_000).default(30_000),
  NOTIFY_LAG_WARN_SECONDS: int(1, 7 * 86_400).default(300),
  DIGEST_HOUR: int(0, 23).default(8),
  DIGEST_WEEKDAY: int(1, 7).default(1),
  NOTIFY_CHAT_UNREAD_MINUTES: int(1, 7 * 24 * 60).default(30),
  EMAIL_VERIFY_TTL_HOURS: int(1, 24 * 30).default(48),
});

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigInput = Partial<Record<keyof z.input<typeof configSchema>, string | number | boolean | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: ConfigInput = {}): Config {
  const source: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = key in overrides ? overrides[key as keyof ConfigInput] : env[key];
    if (value !== undefined) source[key] = typeof value === 'string' ? value : String(value);
  }
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'config');
    throw new ConfigError(`Invalid configuration: ${name}: ${issue?.message}`);
  }
  const config = parsed.data;
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  return Object.freeze(config);
}
