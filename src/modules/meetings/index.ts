// The meetings module: a circle's rhythm (meetings, RSVPs, attendance, agenda, commitments) and the calendar feeds.
import type { FastifyPluginAsync } from 'fastify';
import { agendaRoutes } from './agenda.routes.js';
import type { AgendaService } from './agenda.service.js';
import { calendarRoutes } from './calendar.routes.js';
import type { CalendarService } from './calendar.service.js';
import { meetingsRoutes } from './meetings.routes.js';
import type { MeetingsService } from './meetings.service.js';

export const meetingsModule: FastifyPluginAsync<{ meetings: MeetingsService; calendar: CalendarService; agenda: AgendaService }> = async (app, { meetings, calendar, agenda }) => {
  await app.register(meetingsRoutes, { meetings });
  await app.register(calendarRoutes, { calendar });
  await app.register(agendaRoutes, { agenda });
};

export { createMeetingsService, type MeetingsService } from './meetings.service.js';
export { createAgendaService, type AgendaService } from './agenda.service.js';
export { createCalendarService, type CalendarService } from './calendar.service.js';
export { occurrencesStartingBetween, checkInsDueBetween, type DueOccurrence, type DueCheckIn } from './reminders.js';
