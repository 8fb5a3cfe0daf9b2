// The guests module's public entry (issue 19): guest accounts and their personal links.
export { createGuestAccount, GUEST_NO_PASSWORD, guestTokenHash, newGuestToken } from './guest-accounts.js';
export { GuestsRepository, type GuestPassRow } from './guests.repository.js';
export { VisitsRepository } from './visits.repository.js';
export { visitsRoutes } from './visits.routes.js';
export { VisitsService } from './visits.service.js';
