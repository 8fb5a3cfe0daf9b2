/**
 * The calls feature's public entry: the provider the app frame mounts (it also hands calls' parts to
 * chat's rooms) and the meeting pieces consultations reuse. Everything else here is calls' own.
 */
export { CallsProvider } from './CallsProvider';
export { browserCanEncrypt, e2eeRequiredMessage, encryptionState } from './e2ee';
export { EncryptionStatus } from './EncryptionStatus';
export { JitsiFrame, useJitsiFrame } from './JitsiFrame';
export { guestLinkFacts, guestLinkName } from './guestLinkFacts';
export { participantName } from './format';
