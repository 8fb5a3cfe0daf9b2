// The tokens module's public entry: what other modules and the app's wiring may use.
export { TokensEvents } from './tokens.events.js';
export { TokensRepository } from './tokens.repository.js';
export { tokensRoutes } from './tokens.routes.js';
export { TokensService } from './tokens.service.js';
