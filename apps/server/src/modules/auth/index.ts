// The auth module's public entry: what the app's wiring may use (the guards are plugins/auth-guards.ts).
export { authRoutes } from './auth.routes.js';
export { AuthService } from './auth.service.js';
export { PasswordResetsRepository } from './password-resets.repository.js';
export { SessionsRepository } from './sessions.repository.js';
