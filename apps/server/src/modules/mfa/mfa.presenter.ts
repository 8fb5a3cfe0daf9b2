import type { MfaFactor } from '@parley/shared';
import type { MfaFactorRow } from './mfa.repository.js';

export const presentFactor = (row: MfaFactorRow): MfaFactor => ({
  id: row.id,
  type: row.type,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});
