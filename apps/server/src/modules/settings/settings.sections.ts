import {
  DEFAULT_JITSI_SETTINGS,
  JITSI_SECRET_KEYS,
  JitsiSettingsSchema,
  type JitsiSettings,
} from '@parley/jitsi';
import {
  CallsSettingsSchema,
  ConsultationsSettingsSchema,
  DEFAULT_CALLS_SETTINGS,
  DEFAULT_CONSULTATIONS_SETTINGS,
  DEFAULT_LIMITS_SETTINGS,
  DEFAULT_GUEST_SETTINGS,
  DEFAULT_FILES_SETTINGS,
  DEFAULT_PUSH_SETTINGS,
  FilesSettingsSchema,
  PushSettingsSchema,
  type PushSettings,
  type FilesSettings,
  DEFAULT_SECURITY_SETTINGS,
  GuestSettingsSchema,
  DEFAULT_WORKSPACE_SETTINGS,
  LimitsSettingsSchema,
  SecuritySettingsSchema,
  WorkspaceSettingsSchema,
  type CallsSettings,
  type ConsultationsSettings,
  type LimitsSettings,
  type GuestSettings,
  type SecuritySettings,
} from '@parley/shared';
import { z } from 'zod';

/**
 * One group of settings stored as one row. `secretKeys` name fields that are write-only: they are
 * encrypted at rest, never returned by the API (only whether they are set), and never logged.
 */
export interface SettingsSection<T extends Record<string, unknown>> {
  key: string;
  /** Parses stored or merged input into the normalised value. */
  schema: z.ZodType<T, unknown>;
  defaults: T;
  secretKeys: readonly (keyof T & string)[];
}

export const workspaceSection: SettingsSection<z.infer<typeof WorkspaceSettingsSchema>> = {
  key: 'workspace',
  schema: WorkspaceSettingsSchema,
  defaults: DEFAULT_WORKSPACE_SETTINGS,
  secretKeys: [],
};

const chosenDomain = JitsiSettingsSchema.shape.domain.unwrap();

/**
 * The Jitsi settings as the server stores them: the library's schema, except that the domain may be
 * '' ("not chosen yet"). A fresh install starts there, so calls stay off until an admin picks a Jitsi
 * server (the library's default, meet.jit.si, needs sign-in and cuts embedded calls after 5 minutes).
 * A PATCH cannot set '' (the edge schema refuses an empty domain).
 */
export const StoredJitsiSettingsSchema = JitsiSettingsSchema.extend({
  domain: z
    .string()
    .transform((value, ctx) => {
      if (value.trim() === '') return '';
      const parsed = chosenDomain.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    })
    .default(''),
});

/** What a fresh install has: the library's defaults without a domain. */
export const DEFAULT_STORED_JITSI_SETTINGS: JitsiSettings = Object.freeze({
  ...DEFAULT_JITSI_SETTINGS,
  domain: '',
});

export const jitsiSection: SettingsSection<JitsiSettings> = {
  key: 'jitsi',
  schema: StoredJitsiSettingsSchema,
  defaults: DEFAULT_STORED_JITSI_SETTINGS,
  secretKeys: JITSI_SECRET_KEYS,
};

export const callsSection: SettingsSection<CallsSettings> = {
  key: 'calls',
  schema: CallsSettingsSchema,
  defaults: DEFAULT_CALLS_SETTINGS,
  secretKeys: ['eventSyncSecret', 'jaasWebhookSecret'],
};

export const consultationsSection: SettingsSection<ConsultationsSettings> = {
  key: 'consultations',
  schema: ConsultationsSettingsSchema,
  defaults: DEFAULT_CONSULTATIONS_SETTINGS,
  secretKeys: [],
};

/** Keys the limits section once stored and no longer has (`ringRepeatSeconds`: now a count per window). */
const RETIRED_LIMITS_KEYS = ['ringRepeatSeconds'];

/**
 * The limits section as stored: retired keys are dropped before the strict schema reads it, so a row
 * saved by an older version keeps the admin's other limits instead of falling back to the defaults.
 */
export const StoredLimitsSettingsSchema = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null) return raw;
  const kept: Record<string, unknown> = { ...raw };
  for (const key of RETIRED_LIMITS_KEYS) delete kept[key];
  return kept;
}, LimitsSettingsSchema);

/** Per-person limits (lib/personal-limits.ts) and how often one caller may ring the same person. */
export const limitsSection: SettingsSection<LimitsSettings> = {
  key: 'limits',
  schema: StoredLimitsSettingsSchema,
  defaults: DEFAULT_LIMITS_SETTINGS,
  secretKeys: [],
};

/** How people sign in: the second-factor policy and whether passwords are accepted (issue 18). */
export const securitySection: SettingsSection<SecuritySettings> = {
  key: 'security',
  schema: SecuritySettingsSchema,
  defaults: DEFAULT_SECURITY_SETTINGS,
  secretKeys: [],
};

export const guestsSection: SettingsSection<GuestSettings> = {
  key: 'guests',
  schema: GuestSettingsSchema,
  defaults: DEFAULT_GUEST_SETTINGS,
  secretKeys: [],
};

/** Files (issue 20): the largest upload, the types allowed, and what one person's files may take. */
export const filesSection: SettingsSection<FilesSettings> = {
  key: 'files',
  schema: FilesSettingsSchema,
  defaults: DEFAULT_FILES_SETTINGS,
  secretKeys: [],
};

/** Web Push (issue 21): whether pushes may carry message text (each person must also opt in). */
export const pushSection: SettingsSection<PushSettings> = {
  key: 'push',
  schema: PushSettingsSchema,
  defaults: DEFAULT_PUSH_SETTINGS,
  secretKeys: [],
};

export const settingsSections = {
  workspace: workspaceSection,
  jitsi: jitsiSection,
  calls: callsSection,
  consultations: consultationsSection,
  limits: limitsSection,
  security: securitySection,
  guests: guestsSection,
  files: filesSection,
  push: pushSection,
} as const;
export type SectionName = keyof typeof settingsSections;
export type SectionValue<N extends SectionName> = (typeof settingsSections)[N]['defaults'];
