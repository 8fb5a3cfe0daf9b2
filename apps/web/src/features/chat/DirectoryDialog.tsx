import type { Room } from '@parley/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { Spinner } from '../../components/Spinner';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useLoad } from '../../lib/useLoad';
import { chatApi } from './chat.api';
import { useOpenRoom } from './useRoomCreated';

/**
 * Browse public channels and teams (and the channels of my teams), or one team's channels, and join
 * them; a team's members can also create a channel in it from here (`onCreateChannel`).
 */
export function DirectoryDialog({
  onClose,
  team,
  onCreateChannel,
}: {
  onClose: () => void;
  team?: Room;
  onCreateChannel?: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const openRoom = useOpenRoom();
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query.trim(), 200);
  const listing = useLoad((signal) => chatApi.directory(debounced, signal, team?.id), [debounced, team?.id]);
  const [joining, setJoining] = useState<string | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);

  const join = async (room: Room) => {
    setJoining(room.id);
    setJoinError(null);
    try {
      const joined = await chatApi.joinRoom(room.id);
      onClose();
      openRoom(joined);
    } catch (e) {
      setJoinError(`${room.displayName}: ${errorMessage(e)}`);
      setJoining(null);
    }
  };

  return (
    <Dialog
      title={team ? t('chat.directory.teamTitle', { team: team.displayName }) : t('chat.directory.title')}
      onClose={onClose}
      initialFocus="input[type=search]"
      className="dialog-wide"
      actions={
        <>
          {onCreateChannel && (
            <Button variant="secondary" icon={<Icon name="plus" />} onClick={onCreateChannel}>
              {t('chat.directory.createInTeam')}
            </Button>
          )}
          <Button variant="secondary" onClick={onClose}>
            {t('chat.directory.close')}
          </Button>
        </>
      }
    >
      <form role="search" className="people-picker" onSubmit={(event) => event.preventDefault()}>
        <label className="field-label" htmlFor="directory-search">
          {team ? t('chat.directory.searchTeam', { team: team.displayName }) : t('chat.directory.search')}
        </label>
        <div className="search-control">
          <Icon name="search" className="search-icon" />
          <input
            id="directory-search"
            className="input search-input"
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder={t('chat.directory.placeholder')}
            autoComplete="off"
            maxLength={100}
          />
        </div>
      </form>
      {joinError && (
        <Alert tone="error" title={t('chat.directory.joinFailed')}>
          {joinError}
        </Alert>
      )}
      <div className="directory-results" aria-live="polite">
        {listing.status === 'loading' && (
          <p className="picker-status">
            <Spinner size="sm" decorative /> {t('chat.directory.loading')}
          </p>
        )}
        {listing.status === 'error' && (
          <LoadError
            title={t('chat.directory.loadFailed')}
            message={listing.message}
            onRetry={listing.retry}
          />
        )}
        {listing.status === 'ready' && listing.data.length === 0 && (
          <p className="picker-status">
            {team
              ? debounced
                ? t('chat.directory.noTeamMatch', { team: team.displayName, query: debounced })
                : t('chat.directory.teamEmpty', { team: team.displayName })
              : debounced
                ? t('chat.directory.noMatch', { query: debounced })
                : t('chat.directory.empty')}
          </p>
        )}
        {listing.status === 'ready' && listing.data.length > 0 && (
          <ul className="directory-list">
            {listing.data.map((room) => (
              <li key={room.id} className="directory-item">
                <span className="directory-icon" aria-hidden="true">
                  <Icon name={room.type === 'team' ? 'users' : room.type === 'private' ? 'lock' : 'hash'} />
                </span>
                <span className="directory-text">
                  <span className="directory-name">
                    {room.displayName}
                    {room.name && <span className="muted"> #{room.name}</span>}
                    {room.type === 'team' && <span className="badge">{t('chat.directory.team')}</span>}
                  </span>
                  <span className="directory-meta">
                    {t('chat.directory.members', { count: room.memberCount })}
                    {room.topic ? ` · ${room.topic}` : ''}
                  </span>
                </span>
                {room.myRole ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => {
                      onClose();
                      void navigate(`/rooms/${room.id}`);
                    }}
                  >
                    {t('chat.directory.open')}
                    <span className="sr-only"> {room.displayName}</span>
                  </Button>
                ) : (
                  <Button size="sm" busy={joining === room.id} onClick={() => void join(room)}>
                    {t('chat.directory.join')}
                    <span className="sr-only"> {room.displayName}</span>
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
