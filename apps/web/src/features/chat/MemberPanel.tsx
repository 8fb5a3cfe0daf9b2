import type { Member, PublicUser, Room, RoomRole } from '@parley/shared';
import { ROOM_ROLES } from '@parley/shared/constants';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { t as translate } from '../../i18n';
import { errorMessage } from '../../api/client';
import { useMe } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { useLoad } from '../../lib/useLoad';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { useChat, useChatStore } from './chatStore';
import { PeoplePicker } from './PeoplePicker';
import { PresenceDot } from './PresenceDot';
import { useBusyAction } from './useBusyAction';

/** A room role's name in the interface's language ("Owner", "Moderator", "Member"). */
export function roomRoleLabel(role: RoomRole): string {
  switch (role) {
    case 'owner':
      return translate('chat.members.roles.owner');
    case 'moderator':
      return translate('chat.members.roles.moderator');
    case 'member':
      return translate('chat.members.roles.member');
  }
}

const ROLE_ORDER: Record<RoomRole, number> = { owner: 0, moderator: 1, member: 2 };

/** Who is in the room, with roles and presence; owners and moderators invite, remove and change roles. */
export function MemberPanel({ room, onClose }: { room: Room; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const actions = useChatActions();
  const members = useChat((s) => s.members[room.id]);
  const presence = useChat((s) => s.presence);
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  // The members land in the chat store; this load says only how it went.
  const load = useLoad(() => actions.loadMembers(room.id), [actions, room.id]);
  const loadError = load.status === 'error' ? load.message : null;

  const isAdmin = me.role === 'admin';
  const canInvite =
    room.type !== 'direct' &&
    !room.archived &&
    (room.myRole === 'owner' || room.myRole === 'moderator' || isAdmin);
  const canChangeRoles = room.type !== 'direct' && (room.myRole === 'owner' || isAdmin);

  const sorted = useMemo(
    () =>
      [...(members ?? [])].sort((a, b) => {
        const online = (m: Member) =>
          presence[m.user.id] === 'online' ? 0 : presence[m.user.id] === 'away' ? 1 : 2;
        return (
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
          online(a) - online(b) ||
          a.user.displayName.localeCompare(b.user.displayName)
        );
      }),
    [members, presence],
  );

  const canRemove = (member: Member) => {
    if (room.type === 'direct' || member.user.id === me.id) return false;
    if (room.myRole === 'owner' || isAdmin) return true;
    return room.myRole === 'moderator' && member.role === 'member';
  };

  const changeRole = async (member: Member, role: RoomRole) => {
    setActionError(null);
    try {
      await chatApi.changeRole(room.id, member.user.id, role);
      await actions.loadMembers(room.id);
    } catch (e) {
      setActionError(`${member.user.displayName}: ${errorMessage(e)}`);
    }
  };

  return (
    <aside className="member-panel" aria-labelledby="member-panel-title">
      <div className="member-panel-head">
        <h2 id="member-panel-title">
          {t('chat.room.members')} <span className="count">{members?.length ?? room.memberCount}</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose}>
          <Icon name="close" />
          <span className="sr-only">{t('chat.members.close')}</span>
        </button>
      </div>
      {canInvite && (
        <Button
          variant="secondary"
          size="sm"
          icon={<Icon name="plus" />}
          onClick={() => setInviting(true)}
          block
        >
          {t('chat.members.invite')}
        </Button>
      )}
      {actionError && (
        <Alert tone="error" title={t('chat.members.actionFailed')}>
          {actionError}
        </Alert>
      )}
      {loadError && !members && (
        <LoadError title={t('chat.members.loadFailed')} message={loadError} onRetry={load.retry} />
      )}
      {!members && !loadError && <LoadingBlock label={t('chat.members.loading')} />}
      {members && (
        <ul className="member-list">
          {sorted.map((member) => (
            <li key={member.user.id} className="member-row">
              <span className="member-avatar">
                <Avatar user={member.user} size="sm" decorative />
                <PresenceDot userId={member.user.id} />
              </span>
              <span className="member-name">
                <span>
                  {member.user.displayName}
                  {member.user.id === me.id && <span className="muted"> {t('chat.members.you')}</span>}
                </span>
                <span className="muted">@{member.user.username}</span>
                {canChangeRoles && member.user.id !== me.id ? (
                  <span className="member-role">
                    <select
                      className="input select member-role-select"
                      value={member.role}
                      aria-label={t('chat.members.roleOf', { name: member.user.displayName })}
                      onChange={(event) => void changeRole(member, event.target.value as RoomRole)}
                    >
                      {ROOM_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {roomRoleLabel(role)}
                        </option>
                      ))}
                    </select>
                  </span>
                ) : (
                  member.role !== 'member' && (
                    <span className="member-role">
                      <span className={`badge role-badge role-${member.role}`}>
                        {roomRoleLabel(member.role)}
                      </span>
                    </span>
                  )
                )}
              </span>
              {canRemove(member) && (
                <button
                  type="button"
                  className="icon-button member-remove"
                  onClick={() => setRemoving(member)}
                  title={t('chat.members.remove')}
                >
                  <Icon name="close" />
                  <span className="sr-only">
                    {t('chat.members.removeName', { name: member.user.displayName })}
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {inviting && (
        <InviteDialog
          room={room}
          existing={members?.map((m) => m.user.id) ?? []}
          onClose={() => setInviting(false)}
        />
      )}
      {removing && <RemoveDialog room={room} member={removing} onClose={() => setRemoving(null)} />}
    </aside>
  );
}

function InviteDialog({ room, existing, onClose }: { room: Room; existing: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useChatStore();
  const actions = useChatActions();
  const [people, setPeople] = useState<PublicUser[]>([]);
  const { busy, error, setError, run } = useBusyAction();
  /** Invite was pressed with nobody chosen (said while rendering, in the language of the moment). */
  const [nobody, setNobody] = useState(false);
  const invite = async () => {
    if (people.length === 0) {
      setError(null);
      setNobody(true);
      return;
    }
    setNobody(false);
    await run(async () => {
      const members = await chatApi.addMembers(
        room.id,
        people.map((p) => p.id),
      );
      store.dispatch({ type: 'members/loaded', roomId: room.id, members });
      actions.requestPresence(members.map((m) => m.user.id));
      onClose();
    });
  };
  return (
    <Dialog
      title={t('chat.members.inviteTitle', { room: room.displayName })}
      onClose={onClose}
      initialFocus="input[type=search]"
      className="dialog-wide"
      actions={
        <DialogActions onCancel={onClose} busy={busy} onClick={() => void invite()}>
          {people.length > 1
            ? t('chat.members.inviteCount', { count: people.length })
            : t('chat.members.inviteOne')}
        </DialogActions>
      }
    >
      {(error ?? nobody) && <Alert tone="error">{error ?? t('chat.members.chooseOne')}</Alert>}
      <PeoplePicker
        label={t('chat.members.people')}
        selected={people}
        onChange={setPeople}
        excludeIds={existing}
        max={200}
      />
    </Dialog>
  );
}

function RemoveDialog({ room, member, onClose }: { room: Room; member: Member; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useChatStore();
  const { busy, error, run } = useBusyAction();
  const remove = () =>
    run(async () => {
      await chatApi.removeMember(room.id, member.user.id);
      store.dispatch({ type: 'member/left', roomId: room.id, userId: member.user.id });
      onClose();
    });
  return (
    <ConfirmDialog
      title={t('chat.members.removeTitle', { name: member.user.displayName })}
      confirmLabel={t('chat.members.remove')}
      tone="danger"
      busy={busy}
      onConfirm={() => void remove()}
      onCancel={onClose}
    >
      {error && <Alert tone="error">{error}</Alert>}
      <p>
        {room.type === 'private'
          ? t('chat.members.removePrivate', { room: room.displayName })
          : t('chat.members.removeBody', { room: room.displayName })}
      </p>
    </ConfirmDialog>
  );
}
