/**
 * The profile feature's public entry. Its pages load by route from App.tsx, and its other files are its
 * own (eslint.config.js). Export here what another feature needs.
 */
export { MfaSetupBanner } from './MfaSetupBanner';
