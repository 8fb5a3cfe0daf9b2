// The settings module's public entry: what other modules, the app's wiring and the CLI may use.
export { dockerEnvText, JitsiCheckService, warningsFor } from './jitsi-check.service.js';
export { SettingsRepository } from './settings.repository.js';
export { settingsRoutes } from './settings.routes.js';
export { SettingsService } from './settings.service.js';
