/**
 * The consultations feature's public entry: the reminders the app frame mounts. Its pages (booking
 * included) load by route from App.tsx; everything else here is consultations' own.
 */
export { ConsultationReminders } from './ConsultationReminders';
