// The notifications module: the service (Notifier, worker, verification) and its routes.
export { createNotificationsService, type NotificationsService } from './notifications.service.js';
export { notificationsRoutes } from './notifications.routes.js';
export type { RegistrationMail } from './verification.js';
export type { PeriodicJob } from './worker.js';
export { NOTIFICATION_KINDS, type NotificationInput, type NotificationKind, type Notifier } from './port.js';
export { registerNotificationMetrics } from './metrics.js';
