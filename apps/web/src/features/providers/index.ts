/**
 * The providers feature's public entry: what booking and consultations use of providers (their facts,
 * free times, the provider-only guard). Everything else here is providers' own; the stylesheet (the
 * slot picker's look among it) comes with it.
 */
import './providers.css';

export { sessionLength } from './format';
export { ProviderFacts } from './ProviderFacts';
export { providersApi } from './providers.api';
export { ProvidersOnly } from './ProvidersOnly';
export { SlotPicker, slotSentence } from './SlotPicker';
