// Every table of the service; drizzle-kit reads this file to generate migrations.
export * from './members.js';
export * from './circles.js';
export * from './audit.js';
export * from './chat.js';
export * from './moderation.js';
export * from './qa.js';
export * from './meetings.js';
export * from './notifications.js';
export * from './security.js';
export * from './alliances.js';
