import type { Migration } from 'kysely';
import * as createAccounts from './20261122000000_create_accounts.js';
import * as tokenScopesAndActiveAccounts from './20261123000000_token_scopes_and_active_accounts.js';
import * as passwordResets from './20261123000100_password_resets.js';
import * as chat from './20261123000200_chat.js';
import * as discussionSourceIndex from './20261123000300_discussion_source_index.js';
import * as calls from './20261123000400_calls.js';
import * as consultations from './20261123000500_consultations.js';
import * as consultationSessions from './20261123000600_consultation_sessions.js';
import * as memberAlias from './20261123000700_member_alias.js';
import * as consultationRoomsStandAlone from './20261123000800_consultation_rooms_stand_alone.js';
import * as e2eeKeys from './20261206000000_e2ee_keys.js';
import * as secondFactors from './20261207000000_second_factors.js';
import * as identityProviders from './20261207000100_identity_providers.js';
import * as deviceSessions from './20261207000200_device_sessions.js';
import * as guestAccounts from './20261208000000_guest_accounts.js';
import * as guestLinks from './20261208000100_guest_links.js';
import * as consultationParticipants from './20261208000200_consultation_participants.js';
import * as uploads from './20261209000000_uploads.js';
import * as messageSearch from './20261209000100_message_search.js';
import * as reactionsThreads from './20261209000200_reactions_threads.js';
import * as notifications from './20261210000000_notifications.js';
import * as push from './20261210000100_push.js';
import * as missedCallMails from './20261210000200_missed_call_mails.js';

/** Every migration, in order. The same list runs on SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '20261122000000_create_accounts': createAccounts,
  '20261123000000_token_scopes_and_active_accounts': tokenScopesAndActiveAccounts,
  '20261123000100_password_resets': passwordResets,
  '20261123000200_chat': chat,
  '20261123000300_discussion_source_index': discussionSourceIndex,
  '20261123000400_calls': calls,
  '20261123000500_consultations': consultations,
  '20261123000600_consultation_sessions': consultationSessions,
  '20261123000700_member_alias': memberAlias,
  '20261123000800_consultation_rooms_stand_alone': consultationRoomsStandAlone,
  '20261206000000_e2ee_keys': e2eeKeys,
  '20261207000000_second_factors': secondFactors,
  '20261207000100_identity_providers': identityProviders,
  '20261207000200_device_sessions': deviceSessions,
  '20261208000000_guest_accounts': guestAccounts,
  '20261208000100_guest_links': guestLinks,
  '20261208000200_consultation_participants': consultationParticipants,
  '20261209000000_uploads': uploads,
  '20261209000100_message_search': messageSearch,
  '20261209000200_reactions_threads': reactionsThreads,
  '20261210000000_notifications': notifications,
  '20261210000100_push': push,
  '20261210000200_missed_call_mails': missedCallMails,
};
