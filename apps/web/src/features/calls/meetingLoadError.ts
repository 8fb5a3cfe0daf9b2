import { sayText, type Said } from '../chat';

/**
 * Why the meeting's script could not be loaded, kept as its key so it is shown in the language of the
 * moment (apart from jitsi.ts, which tests replace).
 */
export class MeetingLoadError extends Error {
  constructor(readonly said: Said) {
    super(sayText(said));
  }
}
