import {
  DEFAULT_JITSI_SETTINGS,
  JITSI_SECRET_KEYS,
  JitsiSettingsSchema,
  type JitsiSettings,
} from '@parley/jitsi';
import {
  CallsSettingsSchema,
  DEFAULT_CALLS_SETTINGS,
  DEFAULT_WORKSPACE_SETTINGS,
  WorkspaceSettingsSchema,
  type CallsSettings,
} from '@parley/shared';
import type { z } from 'zod';

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

export const jitsiSection: SettingsSection<JitsiSettings> = {
  key: 'jitsi',
  schema: JitsiSettingsSchema,
  defaults: DEFAULT_JITSI_SETTINGS,
  secretKeys: JITSI_SECRET_KEYS,
};

export const callsSection: SettingsSection<CallsSettings> = {
  key: 'calls',
  schema: CallsSettingsSchema,
  defaults: DEFAULT_CALLS_SETTINGS,
  secretKeys: ['eventSyncSecret', 'jaasWebhookSecret'],
};

export const settingsSections = {
  workspace: workspaceSection,
  jitsi: jitsiSection,
  calls: callsSection,
} as const;
export type SectionName = keyof typeof settingsSections;
export type SectionValue<N extends SectionName> = (typeof settingsSections)[N]['defaults'];
