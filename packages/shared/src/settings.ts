import { z } from 'zod';

/**
 * Workspace settings, edited by admins. Each section is validated by its own schema; the server stores
 * sections whole so a half-valid update is never written.
 */
export const WorkspaceSettingsSchema = z.strictObject({
  /** Shown in the header, the login page and call titles. */
  name: z.string().trim().min(1, 'The workspace needs a name').max(64),
  /** When true, anyone who can reach the server may create an account. */
  registrationOpen: z.boolean(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { name: 'Parley', registrationOpen: false };

/** How a write-only secret appears when settings are read: only whether it is set. */
export const SecretStateSchema = z.object({ set: z.boolean() });
export type SecretState = z.infer<typeof SecretStateSchema>;

export const SettingsViewSchema = z.object({
  workspace: WorkspaceSettingsSchema,
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const SettingsUpdateRequestSchema = z.strictObject({
  workspace: WorkspaceSettingsSchema.partial().optional(),
});
export type SettingsUpdateRequest = z.infer<typeof SettingsUpdateRequestSchema>;
