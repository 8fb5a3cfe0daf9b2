/**
 * The guests feature's public entry (issue 19): people without an account. Its pages (a call guest
 * link, a visit link, the guest frame and its "Create an account", a provider's public booking page)
 * load by route from App.tsx; everything else here is guests' own.
 */
export { VisitFrame } from './VisitFrame';
