import { DEFAULT_WORKSPACE_SETTINGS, WorkspaceSettingsSchema } from '@parley/shared';
import type { z } from 'zod';

/**
 * One group of settings stored as one row. `secretKeys` name fields that are write-only: they are
 * encrypted at rest, never returned by the API (only whether they are set), and never logged.
 */
export interface SettingsSection<T extends Record<string, unknown>> {
  key: string;
  schema: z.ZodType<T>;
  defaults: T;
  secretKeys: readonly (keyof T & string)[];
}

export const workspaceSection: SettingsSection<z.infer<typeof WorkspaceSettingsSchema>> = {
  key: 'workspace',
  schema: WorkspaceSettingsSchema,
  defaults: DEFAULT_WORKSPACE_SETTINGS,
  secretKeys: [],
};

export const settingsSections = { workspace: workspaceSection } as const;
export type SectionName = keyof typeof settingsSections;
export type SectionValue<N extends SectionName> = (typeof settingsSections)[N]['defaults'];
