import type { AdminUser, Me, PublicUser } from '@parley/shared';
import type { UserRow } from './users.repository.js';

export const avatarUrl = (row: UserRow): string | null =>
  row.avatar_file ? `/avatars/${row.avatar_file}` : null;

export const presentPublicUser = (row: UserRow): PublicUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  avatarUrl: avatarUrl(row),
  role: row.role,
});

export const presentMe = (row: UserRow): Me => ({
  ...presentPublicUser(row),
  email: row.email,
  createdAt: row.created_at,
});

export const presentAdminUser = (row: UserRow): AdminUser => ({
  ...presentMe(row),
  active: row.active === 1,
});
