// The health module's public entry: what the app's wiring may use.
export { HealthRepository } from './health.repository.js';
export { healthRoutes } from './health.routes.js';
