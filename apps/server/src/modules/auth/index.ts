// The auth module's public entry: what the app's wiring may use (the guards are plugins/auth-guards.ts).
export { AuthEvents } from './auth.events.js';
export { authRoutes } from './auth.routes.js';
export { AuthService, type SignInContext, type SignInOutcome, type StartedSession } from './auth.service.js';
export { AuthSweeper } from './auth.sweeper.js';
export { DeviceSessionsRepository } from './device-sessions.repository.js';
export { deviceSessionsRoutes } from './device-sessions.routes.js';
export { DeviceSessionsService } from './device-sessions.service.js';
export { LoginSessionsRepository } from './login-sessions.repository.js';
export { PasswordForgotService } from './password-forgot.service.js';
export { passwordForgotRoutes } from './password-forgot.routes.js';
export { PasswordResetsRepository } from './password-resets.repository.js';
export {
  clearSessionCookies,
  sessionResponse,
  setMfaPendingCookie,
  setSessionCookies,
} from './session-cookies.js';
