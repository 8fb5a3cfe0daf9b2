import type { Role } from '@parley/shared';
import { t } from '../i18n';

/**
 * The words for roles, the same on every page, badge and select; read when shown, so they follow the
 * interface language.
 */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  get admin() {
    return t('roles.admin');
  },
  get user() {
    return t('roles.user');
  },
};
