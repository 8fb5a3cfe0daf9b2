// The consultations module's public entry: what the app's wiring may use.
export { BookingService } from './booking.service.js';
export { ConsultationRecordsService } from './consultation-records.service.js';
export { ConsultationSessionRepository } from './consultation-session.repository.js';
export { subscribeConsultationEvents, type ConsultationEvent } from './consultations.events.js';
export { ConsultationsQueries } from './consultations.queries.js';
export { ConsultationsRepository } from './consultations.repository.js';
export { consultationsRoutes } from './consultations.routes.js';
export { ConsultationsSweeper } from './consultations.sweeper.js';
export { guestClientsRoutes } from './guest-clients.routes.js';
export { GuestClientsService } from './guest-clients.service.js';
export { ProposalsService } from './proposals.service.js';
export { ReminderMail } from './reminder-mail.js';
export { sessionRoutes } from './session.routes.js';
export { ConsultationSessionService } from './session.service.js';
