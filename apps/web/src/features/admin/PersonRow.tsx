import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { ROLE_LABELS } from '../../lib/roles';
import type { AdminUser } from '@parley/shared';
import { adminApi } from './admin.api';
import { SecurityRecordDialog } from './SecurityRecordDialog';
import { signInApi } from './signIn.api';
import { useStepUp } from '../../auth/StepUp';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { formatDate, formatDateTime } from '../../lib/forms';

type Pending = null | 'deactivate' | 'promote' | 'mfa' | 'record' | { resetUrl: string; expiresAt: string };

/** An email address with line-break chances before "@" and after each dot (and nowhere else). */
export function emailWithBreaks(email: string): ReactNode[] {
  return email.split(/(?=@)|(?<=\.)/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/** One account: role and status, and what an administrator can do about it. */
export function PersonRow({
  user,
  isMe,
  lastAdmin,
  listVersion,
  onChanged,
}: {
  user: AdminUser;
  isMe: boolean;
  /** The only active administrator: they cannot be made a member (the server refuses it too). */
  lastAdmin: boolean;
  /** Moves whenever any account in the list changed: a row's old error may no longer hold. */
  listVersion: number;
  onChanged: (user: AdminUser) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [listVersion]);
  const [pending, setPending] = useState<Pending>(null);
  const [mfaResetDone, setMfaResetDone] = useState(false);
  const stepUp = useStepUp();
  const actionsRef = useRef<HTMLDivElement>(null);
  // Deactivating or reactivating swaps the button that was pressed for another; focus then goes to the
  // row's first action instead of being lost to the page.
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus) return;
    actionsRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    setRefocus(false);
  }, [refocus]);

  /** Runs one action of the row; its error is shown on the row. Resolves to whether it worked. */
  const act = async (label: string, action: () => Promise<void>): Promise<boolean> => {
    setBusy(label);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(null);
    }
  };
  const update = (change: { role?: 'admin' | 'user'; active?: boolean; provider?: boolean }, label: string) =>
    act(label, async () => onChanged(await adminApi.updateUser(user.id, change)));
  const setActive = async (active: boolean) => {
    const done = await update({ active }, active ? 'activate' : 'deactivate');
    // The confirmation stays open (and busy) until the server answered.
    setPending(null);
    if (done) setRefocus(true);
  };
  const reset = () => act('reset', async () => setPending(await adminApi.resetPassword(user.id)));
  const resetMfa = async () => {
    setPending(null);
    setMfaResetDone(false);
    const done = await act('mfa', () => stepUp.guard(() => signInApi.resetMfa(user.id)));
    setMfaResetDone(done);
  };
  const promote = async () => {
    await update({ role: 'admin' }, 'role');
    setPending(null);
  };

  return (
    <tr>
      <td className="person-cell">
        <span className="table-person">
          <Avatar user={user} size="sm" decorative />
          <span className="person-text">
            <span className="person-name">
              {user.displayName}
              {isMe && <span className="badge">{t('admin.people.you')}</span>}
            </span>
            <span className="person-username">@{user.username}</span>
            {/* Under the name rather than in a column of its own: the table must fit beside the sidebar. */}
            {user.email && (
              <span className="person-username person-email" title={user.email}>
                {emailWithBreaks(user.email)}
              </span>
            )}
          </span>
        </span>
      </td>
      <td data-label={t('admin.people.columns.role')}>
        {user.role === 'admin' ? (
          <span className="badge badge-brand">{ROLE_LABELS.admin}</span>
        ) : (
          ROLE_LABELS.user
        )}
      </td>
      <td data-label={t('admin.people.columns.status')}>
        {user.active ? (
          t('admin.people.active')
        ) : (
          <span className="badge badge-danger">{t('admin.people.deactivated')}</span>
        )}
      </td>
      <td data-label={t('admin.people.columns.provider')}>
        <label className="provider-toggle">
          <span className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={user.provider}
              disabled={busy !== null}
              aria-busy={busy === 'provider' || undefined}
              onChange={(event) => void update({ provider: event.target.checked }, 'provider')}
            />
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
          </span>
          <span className="sr-only">{t('admin.people.providerSwitch', { name: user.displayName })}</span>
        </label>
      </td>
      <td data-label={t('admin.people.columns.joined')} className="person-joined">
        {formatDate(user.createdAt)}
      </td>
      <td data-label={t('admin.people.columns.actions')} className="person-actions-cell">
        <div>
          <div className="person-actions" ref={actionsRef}>
            {/* The last administrator is not offered to step down: someone must be left to administer. */}
            {!lastAdmin && (
              <Button
                size="sm"
                variant="secondary"
                busy={busy === 'role'}
                disabled={busy !== null}
                onClick={() =>
                  user.role === 'admin' ? void update({ role: 'user' }, 'role') : setPending('promote')
                }
              >
                {user.role === 'admin' ? t('admin.people.makeMember') : t('admin.people.makeAdmin')}
                <span className="sr-only"> ({user.displayName})</span>
              </Button>
            )}
            {user.active ? (
              <>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={busy !== null}
                  busy={busy === 'reset'}
                  onClick={() => void reset()}
                >
                  {t('admin.people.resetPassword')}
                  <span className="sr-only"> {t('admin.people.forName', { name: user.displayName })}</span>
                </Button>
                {/* Your own second factors are managed in Profile → Security. */}
                {!isMe && (
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={busy !== null}
                    busy={busy === 'mfa'}
                    onClick={() => setPending('mfa')}
                  >
                    {t('admin.people.resetMfa')}
                    <span className="sr-only"> {t('admin.people.forName', { name: user.displayName })}</span>
                  </Button>
                )}
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={busy !== null}
                  onClick={() => setPending('record')}
                >
                  {t('admin.people.securityRecord')}
                  <span className="sr-only"> {t('admin.people.ofName', { name: user.displayName })}</span>
                </Button>
                {!isMe && (
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={busy !== null}
                    onClick={() => setPending('deactivate')}
                  >
                    {t('admin.people.deactivate')}
                    <span className="sr-only"> {user.displayName}</span>
                  </Button>
                )}
              </>
            ) : (
              <Button
                size="sm"
                variant="secondary"
                busy={busy === 'activate'}
                disabled={busy !== null}
                onClick={() => void setActive(true)}
              >
                {t('admin.people.reactivate')}
                <span className="sr-only"> {user.displayName}</span>
              </Button>
            )}
          </div>
          {error && (
            <p className="field-error row-error" role="alert">
              {error}
            </p>
          )}
          {mfaResetDone && (
            <p className="row-note" role="status">
              {t('admin.people.mfaResetDone')}
            </p>
          )}
        </div>
        {stepUp.dialog}
        {pending === 'record' && (
          <SecurityRecordDialog
            userId={user.id}
            displayName={user.displayName}
            onClose={() => setPending(null)}
          />
        )}
        {pending === 'mfa' && (
          <ConfirmDialog
            title={t('admin.people.mfaConfirm.title', { name: user.displayName })}
            confirmLabel={t('admin.people.resetMfa')}
            tone="danger"
            cancelVariant="ghost"
            onConfirm={() => void resetMfa()}
            onCancel={() => setPending(null)}
          >
            <p>{t('admin.people.mfaConfirm.text')}</p>
          </ConfirmDialog>
        )}
        {pending === 'deactivate' && (
          <ConfirmDialog
            title={t('admin.people.deactivateConfirm.title', { name: user.displayName })}
            confirmLabel={t('admin.people.deactivate')}
            tone="danger"
            cancelVariant="ghost"
            busy={busy === 'deactivate'}
            cancelDisabled={busy !== null}
            onConfirm={() => void setActive(false)}
            onCancel={() => setPending(null)}
          >
            <p>{t('admin.people.deactivateConfirm.text', { username: user.username })}</p>
            <p>{t('admin.people.deactivateConfirm.messagesStay')}</p>
          </ConfirmDialog>
        )}
        {pending === 'promote' && (
          <ConfirmDialog
            title={t('admin.people.promoteConfirm.title', { name: user.displayName })}
            confirmLabel={t('admin.people.makeAdmin')}
            cancelVariant="ghost"
            busy={busy === 'role'}
            cancelDisabled={busy !== null}
            onConfirm={() => void promote()}
            onCancel={() => setPending(null)}
          >
            <p>{t('admin.people.promoteConfirm.text', { username: user.username })}</p>
          </ConfirmDialog>
        )}
        {pending !== null && typeof pending === 'object' && (
          <Dialog
            title={t('admin.people.resetLink.title', { name: user.displayName })}
            onClose={() => setPending(null)}
            actions={
              <Button variant="secondary" onClick={() => setPending(null)}>
                {t('admin.people.resetLink.done')}
              </Button>
            }
          >
            <p>
              {t('admin.people.resetLink.text', {
                username: user.username,
                until: formatDateTime(pending.expiresAt),
              })}
            </p>
            <div className="secret-row">
              <label className="sr-only" htmlFor={`reset-${user.id}`}>
                {t('admin.people.resetLink.label')}
              </label>
              <input
                id={`reset-${user.id}`}
                className="input secret-value"
                readOnly
                value={pending.resetUrl}
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton text={pending.resetUrl} label={t('admin.people.resetLink.copy')} />
            </div>
          </Dialog>
        )}
      </td>
    </tr>
  );
}
