// The search module's public entry: what the app's wiring may use.
export { SearchRepository } from './search.repository.js';
export { searchRoutes } from './search.routes.js';
export { SearchService, type SearchRoom } from './search.service.js';
