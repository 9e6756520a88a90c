// The meetings module: a circle's rhythm (meetings, RSVPs, attendance, agenda, commitments) and the calendar feeds.
import type { FastifyPluginAsync } from 'fastify';
import { calendarRoutes } from './calendar.routes.js';
import type { CalendarService } from './calendar.service.js';
import { meetingsRoutes } from './meetings.routes.js';
import type { MeetingsService } from './meetings.service.js';

export const meetingsModule: FastifyPluginAsync<{ meetings: MeetingsService; calendar: CalendarService }> = async (app, { meetings, calendar }) => {
  await app.register(meetingsRoutes, { meetings });
  await app.register(calendarRoutes, { calendar });
};

export { createMeetingsService, type MeetingsService } from './meetings.service.js';
export { createCalendarService, type CalendarService } from './calendar.service.js';
