// The providers module's public entry: what consultations and the app's wiring may use.
export { ProvidersRepository } from './providers.repository.js';
export { providersRoutes } from './providers.routes.js';
export { ProviderIdParamsSchema } from './providers.schema.js';
export { presentProvider, ProvidersService, type BookableProvider } from './providers.service.js';
export {
  claimBuckets,
  describeRefusal,
  isValidZone,
  parseInstant,
  refuseProposal,
  refuseStart,
} from './slots.js';
