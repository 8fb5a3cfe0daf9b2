// The consultations module's public entry: what the app's wiring may use.
export { ConsultationsRepository, ConsultationsStore } from './consultations.repository.js';
export { consultationsRoutes } from './consultations.routes.js';
export { BookingService } from './consultations.service.js';
export { ConsultationsSweeper } from './consultations.sweeper.js';
export { SessionRepository, SessionStore } from './session.repository.js';
export { sessionRoutes } from './session.routes.js';
export { ConsultationSessionService } from './session.service.js';
