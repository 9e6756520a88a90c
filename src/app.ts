// buildApp(config, database): the error handler and cross-cutting plugins first, then each feature module under /api/v1.
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { EventHub } from './lib/events.js';
import { loggerOptions } from './logger.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { sessionsRoutes } from './modules/auth/sessions.routes.js';
import { createSessionsService } from './modules/auth/sessions.service.js';
import { lastMessageAt } from './modules/chat/activity.js';
import { chatModule, createChatService, Gateway, type ChatService } from './modules/chat/index.js';
import { createWriteLimiter } from './modules/limits/write-limiter.js';
import { healthRoutes } from './modules/health/health.routes.js';
import {
  createCirclesAdminService,
  createCirclesService,
  createEngineRunner,
  type EngineRunner,
  createMatchingService,
  matchingModule,
  seats,
  withJobTiming,
} from './modules/matching/index.js';
import { allianceMatchingHooks, alliancesRoutes, createAlliancesService, reviewsDue } from './modules/alliances/index.js';
import { checkInsDueBetween, createAgendaService, createCalendarService, createMeetingsService, meetingsModule, occurrencesStartingBetween } from './modules/meetings/index.js';
import { createMembersService } from './modules/members/members.service.js';
import { membersRoutes } from './modules/members/members.routes.js';
import { createNotificationsService, notificationsRoutes, registerNotificationMetrics, type NotificationsService } from './modules/notifications/index.js';
import { qaNotificationVisible } from './modules/qa/notifications.repo.js';
import { qaContentModerators } from './modules/qa/qa.content.js';
import { qaRoutes } from './modules/qa/qa.routes.js';
import { createQaService } from './modules/qa/qa.service.js';
import { chatMessageModerator, createModerationService, moderationModule } from './modules/moderation/index.js';
import { createStatsService, statsRoutes } from './modules/stats/index.js';
import authPlugin from './plugins/auth.js';
import docsPlugin from './plugins/docs.js';
import edgePlugin, { edgeServerOptions } from './plugins/edge.js';
import errorsPlugin from './plugins/errors.js';
import loadShedding from './plugins/load-shedding.js';
import metricsPlugin, { createMetrics, observeRuntime, type Metrics } from './plugins/metrics.js';
import writeLimitsPlugin from './plugins/write-limits.js';
import webPlugin from './plugins/web.js';

/** The built browser app (npm run build, or npm start when it is missing or stale). */
const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface AppDeps {
  config: Config;
  database: Database;
  /** A logger instance (tests pass a silent one); defaults to pino built from the config. */
  logger?: FastifyBaseLogger;
}

export async function buildApp({ config, database, logger }: AppDeps) {
  const options: FastifyServerOptions = {
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    ...edgeServerOptions,
    return503OnClosing: true,
  };
  const app = Fastify(logger ? { ...options, loggerInstance: logger } : { ...options, logger: loggerOptions(config) }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON in and out: anything else is 415.
  app.removeContentTypeParser('text/plain');

  await app.register(errorsPlugin);
  const metrics = createMetrics();
  await app.register(metricsPlugin, { metrics, token: config.METRICS_TOKEN });
  await app.register(loadShedding, {
    maxEventLoopDelayMs: config.LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS,
    sampleIntervalMs: config.LOAD_SHED_SAMPLE_MS,
    retryAfterSeconds: config.LOAD_SHED_RETRY_AFTER_SECONDS,
  });
  await app.register(edgePlugin);
  await app.register(helmet, {
    // The docs UI needs its own inline assets; everything else is JSON. No upgrade-insecure-requests: over plain HTTP by
    // hostname it sends the page's scripts to https and /docs stays blank; behind TLS, HSTS already keeps browsers on https.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: null },
    },
  });
  await app.register(docsPlugin);
  await app.register(authPlugin, { database });
  await app.register(writeLimitsPlugin, { limiter: createWriteLimiter({ database, config, log: app.log }) });

  const events = new EventHub();
  events.onListenerError((err) => app.log.error({ err }, 'domain event listener failed'));
  app.decorate('events', events);

  const notifications = createNotificationsService({
    database,
    config,
    events,
    log: app.log,
    listFilter: qaNotificationVisible,
    meetings: { occurrencesStartingBetween, checkInsDueBetween },
    reviewsDue,
    // Read when the job runs (chat and its gateway are made below).
    chat: { connectedMemberIds: () => gateway.connectedMemberIds(), unreadCounts: (memberId) => chat.unreadCounts(memberId) },
    baseUrl: () => {
      const bound = app.server.address();
      return config.PUBLIC_URL ?? (bound && typeof bound === 'object' ? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${bound.port}` : `http://${config.HOST}:${config.PORT}`);
    },
  });
  const notifier = notifications.notifier;
  registerNotificationMetrics(metrics.registry, notifications.worker);
  app.decorate('notifications', notifications);
  const auth = createAuthService({ database, config, events, registration: notifications.registrationMail });
  const sessions = createSessionsService({ database, config, events });
  const members = createMembersService({ database, notifier });
  const qa = createQaService({ database, notifier });
  const chat = createChatService({ database, config });
  // The realtime side listens to the service's committed events; the service never calls it.
  const gateway = new Gateway({ config, database, service: chat, log: app.log, onBusLag: (s) => metrics.busLagSeconds.observe(s) });
  observeRuntime(metrics, { database, sockets: () => gateway.connectionCount, deliveries: () => gateway.hub.deliveries });
  // Tests and moderation's checks reach the chat service through here; modules get it passed in.
  app.decorate('chat', chat);
  app.decorate('chatGateway', gateway);
  app.decorate('metrics', metrics);
  // Moderation reaches Q&A posts, chat messages and matching drafts through what those modules expose.
  const qaModerated = qaContentModerators(qa);
  const moderation = createModerationService({
    database,
    config,
    events,
    notifier,
    integrations: {
      content: { ...qaModerated.content, message: chatMessageModerator({ chat, events }) },
      questions: qaModerated.questions,
    },
    seats,
  });

  // Scheduling, moving and cancelling a meeting posts a system message in the circle's room (after the commit).
  const meetings = createMeetingsService({ database, log: app.log, notifier, announce: (circleId, text) => chat.postSystemMessage(circleId, text, { source: 'meetings' }) });
  const calendar = createCalendarService({ database, meetings });
  const agenda = createAgendaService({ database, meetings });
  const alliances = createAlliancesService({ database, config, events, notifier });

  const runner = withJobTiming(createEngineRunner({ threshold: config.MATCHING_WORKER_THRESHOLD }), (op, computedIn, seconds) =>
    metrics.matchingRoundSeconds.observe({ op, computed_in: computedIn }, seconds),
  );
  app.addHook('onClose', async () => runner.close());
  app.decorate('matchingRunner', runner);
  // Publishing an alliances round proposes ledger entries; accepting the alliance circle confirms them.
  const matchingHooks = allianceMatchingHooks(alliances, notifier);
  const matching = createMatchingService({ database, config, events, runner, notifier, hooks: matchingHooks });
  const circles = createCirclesService({ database, events, unreadCounts: chat.unreadCounts, log: app.log, notifier, hooks: matchingHooks });
  // Circle health reads chat activity and upcoming meetings (meetings.hasUpcoming) through those modules' ports.
  const circlesAdmin = createCirclesAdminService({ database, config, events, notifier, meetings, lastMessageAt: (ids) => lastMessageAt(database.db, ids) });
  const stats = createStatsService({ members, qa, moderation, circles: circlesAdmin });

  await app.register(healthRoutes, { database, readiness: async () => ({ outbox: await notifications.worker.lag() }) });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { auth, config });
      await api.register(sessionsRoutes, { sessions });
      await api.register(membersRoutes, { members });
      await api.register(qaRoutes, { qa });
      await api.register(chatModule, { chat, gateway, events });
      await api.register(matchingModule, { matching, circles, circlesAdmin, termSweepMs: config.CIRCLE_TERM_SWEEP_MS });
      await api.register(moderationModule, { moderation, sweepMs: config.SUSPENSION_SWEEP_MS });
      await api.register(meetingsModule, { meetings, calendar, agenda });
      await api.register(alliancesRoutes, { alliances });
      await api.register(notificationsRoutes, { notifications });
      await api.register(statsRoutes, { stats });
    },
    { prefix: '/api/v1' },
  );
  await app.register(webPlugin, { root: WEB_ROOT });
  // The delivery worker runs once the app is ready and stops (finishing its pass) before the database closes.
  app.addHook('onReady', async () => notifications.start());
  app.addHook('onClose', async () => notifications.stop());
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    events: EventHub;
    /** Chat service: unreadCounts(memberId), setMessageHidden(id, hidden, reason), getMessageForReview(id), … */
    chat: ChatService;
    /** Notifications: notifier.notify(tx, …) for modules, the delivery worker (runOnce, lag), registration mails. */
    notifications: NotificationsService;
    /** This process's realtime chat: sockets, bus, presence (for metrics and operators). */
    chatGateway: Gateway;
    /** The Prometheus registry and shared instruments (modules get it passed in from here). */
    metrics: Metrics;
    /** Matching's engine runner: onWorkerStarted(listener) tells when a round starts computing in a worker thread. */
    matchingRunner: EngineRunner;
  }
}

export type App = Awaited<ReturnType<typeof buildApp>>;
