import type { GroupRole, IdentityProvider, IdentityProviderCreateRequest } from '@parley/shared';
import { KEEP, type SecretChange } from './SecretField';

/** An identity provider's form as typed: lists as text, group → role as rows. */
export interface ProviderForm {
  name: string;
  issuer: string;
  clientId: string;
  secret: SecretChange;
  scopes: string;
  username: string;
  displayName: string;
  email: string;
  avatar: string;
  groups: string;
  groupRoles: { group: string; role: GroupRole }[];
  allowedDomains: string;
  autoCreate: boolean;
  trustProviderMfa: boolean;
  enabled: boolean;
}

export const NEW_PROVIDER: ProviderForm = {
  name: '',
  issuer: '',
  clientId: '',
  secret: { kind: 'replace', value: '' },
  scopes: 'openid profile email',
  username: 'preferred_username',
  displayName: 'name',
  email: 'email',
  avatar: 'picture',
  groups: '',
  groupRoles: [],
  allowedDomains: '',
  autoCreate: true,
  trustProviderMfa: false,
  enabled: true,
};

export function formFromProvider(p: IdentityProvider): ProviderForm {
  return {
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    secret: KEEP,
    scopes: p.scopes.join(' '),
    username: p.claims.username,
    displayName: p.claims.displayName,
    email: p.claims.email,
    avatar: p.claims.avatar,
    groups: p.claims.groups ?? '',
    groupRoles: Object.entries(p.groupRoles).map(([group, role]) => ({ group, role })),
    allowedDomains: p.allowedDomains.join(', '),
    autoCreate: p.autoCreate,
    trustProviderMfa: p.trustProviderMfa,
    enabled: p.enabled,
  };
}

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * The request the form stands for; the client secret only when one was typed (an edit keeps the
 * stored one otherwise). Checked by the shared schema before it is sent.
 */
export function requestFromForm(form: ProviderForm): Omit<IdentityProviderCreateRequest, 'clientSecret'> & {
  clientSecret?: string;
} {
  const groupRoles: Record<string, GroupRole> = {};
  for (const row of form.groupRoles) {
    if (row.group.trim()) groupRoles[row.group.trim()] = row.role;
  }
  return {
    name: form.name,
    issuer: form.issuer.trim(),
    clientId: form.clientId,
    ...(form.secret.kind === 'replace' ? { clientSecret: form.secret.value } : {}),
    scopes: words(form.scopes),
    claims: {
      username: form.username,
      displayName: form.displayName,
      email: form.email,
      avatar: form.avatar,
      groups: form.groups.trim() === '' ? null : form.groups.trim(),
    },
    groupRoles,
    allowedDomains: words(form.allowedDomains),
    autoCreate: form.autoCreate,
    trustProviderMfa: form.trustProviderMfa,
    enabled: form.enabled,
  };
}
