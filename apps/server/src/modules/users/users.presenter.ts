import { isLocale, type AdminUser, type Me, type PublicUser } from '@parley/shared';
import type { Account } from './users.repository.js';

export const avatarUrl = (row: Account): string | null =>
  row.avatar_file ? `/avatars/${row.avatar_file}` : null;

export const presentPublicUser = (row: Account): PublicUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  avatarUrl: avatarUrl(row),
  role: row.role,
  ...(row.guest === 1 ? { guest: true } : {}),
});

export const presentMe = (row: Account): Me => ({
  ...presentPublicUser(row),
  email: row.email,
  createdAt: row.created_at,
  provider: row.is_provider === 1,
  locale: isLocale(row.locale) ? row.locale : null,
});

export const presentAdminUser = (row: Account): AdminUser => ({
  ...presentMe(row),
  active: row.active === 1,
});
