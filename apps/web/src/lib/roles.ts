import type { Role } from '@parley/shared';

/** The words for roles, the same on every page, badge and select. */
export const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', user: 'Member' };
