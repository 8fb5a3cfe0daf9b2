// The consultations module's public entry: what the app's wiring may use.
export { BookingService } from './booking.service.js';
export { ConsultationRecordsService } from './consultation-records.service.js';
export { ConsultationSessionRepository } from './consultation-session.repository.js';
export { subscribeConsultationEvents, type ConsultationEvent } from './consultations.events.js';
export { ConsultationsQueries } from './consultations.queries.js';
export { ConsultationsRepository } from './consultations.repository.js';
export { consultationsRoutes } from './consultations.routes.js';
export { ConsultationsSweeper } from './consultations.sweeper.js';
export { ConsultationParticipantsRepository } from './participants.repository.js';
export { participantsRoutes } from './participants.routes.js';
export { ParticipantsService } from './participants.service.js';
export { ProposalsService } from './proposals.service.js';
export { PublicBookingService } from './public-booking.service.js';
export { publicBookingRoutes } from './public-booking.routes.js';
export { ReminderMail } from './reminder-mail.js';
export { sessionRoutes } from './session.routes.js';
export { ConsultationSessionService } from './session.service.js';
