/**
 * The calls feature's public entry: the provider the app frame mounts (it also hands calls' parts to
 * chat's rooms) and the meeting pieces consultations reuse. Everything else here is calls' own.
 */
export { CallsProvider } from './CallsProvider';
export {
  browserCanEncrypt,
  E2EE_REQUIRED_MESSAGE,
  e2eeOptions,
  encryptionState,
  mediaKeyOnRejoin,
} from './e2ee';
export { EncryptionStatus } from './EncryptionStatus';
export { loadJitsiApi, type JitsiMeetApi } from './jitsi';
export { MeetingLoadState } from './MeetingLoadState';
