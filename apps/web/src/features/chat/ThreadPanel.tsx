import { useTranslation } from 'react-i18next';
import type { Message, PublicUser, Room } from '@parley/shared';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useMe } from '../../auth/session';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock } from '../../components/Spinner';
import { roomLabel, useChatActions } from './ChatProvider';
import { useChat } from './chatStore';
import { Composer, type ComposerMode } from './Composer';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { MessageItem, PendingItem, type MessageHandlers } from './MessageItem';
import { useDocumentVisible } from './useDocumentVisible';
import { useSaveEdit } from './useSaveEdit';
import './threads.css';

const EMPTY: never[] = [];
const GROUP_WINDOW_MS = 5 * 60_000;

function grouped(previous: Message | undefined, message: Message): boolean {
  if (!previous || previous.author?.id !== message.author?.id || message.replyTo) return false;
  return Date.parse(message.createdAt) - Date.parse(previous.createdAt) < GROUP_WINDOW_MS;
}

/**
 * A thread (issue 20): its root, the replies and a composer of its own, with Follow / Unfollow. Beside
 * the room on wide screens; on phones the whole page (the room's timeline is hidden by CSS). Read up
 * to the newest reply while that reply is on screen.
 */
export function ThreadPanel({
  room,
  rootId,
  readOnly,
  canModerate,
  onClose,
}: {
  room: Room;
  rootId: string;
  readOnly: boolean;
  canModerate: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const actions = useChatActions();
  const view = useChat((s) => s.threads.open[rootId]);
  const allPending = useChat((s) => s.pending);
  const members = useChat((s) => s.members[room.id]);
  const visible = useDocumentVisible();
  const scrollRef = useRef<HTMLDivElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [mode, setMode] = useState<ComposerMode>({ kind: 'new' });
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [followBusy, setFollowBusy] = useState(false);
  const [followError, setFollowError] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const saveEdit = useSaveEdit(room.id, setMode);

  // Mentions in a reply need the room's people, as in the room's own composer.
  const people: PublicUser[] = useMemo(
    () => (room.type === 'direct' ? room.members : (members?.map((m) => m.user) ?? EMPTY)),
    [room.type, room.members, members],
  );
  const needPeople = useCallback(() => {
    if (room.type !== 'direct' && !members) actions.loadMembers(room.id).catch(() => undefined);
  }, [actions, members, room.id, room.type]);

  useEffect(() => {
    void actions.threads.load(rootId);
    setMode({ kind: 'new' });
  }, [actions, rootId]);

  // The room's composer takes the focus on navigation; the thread's own is where one types next.
  useEffect(() => {
    if (typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches) return;
    const frame = requestAnimationFrame(() => composerRef.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [rootId]);

  const root = view?.root ?? null;
  const replies = view?.replies ?? EMPTY;
  const pending = useMemo(() => allPending.filter((p) => p.threadId === rootId), [allPending, rootId]);
  const newest = replies.at(-1)?.seq ?? 0;

  // New replies (and my own sends) keep the newest in view when it was in view.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atBottom) el.scrollTop = el.scrollHeight;
    // Only when something was added, not when scrolling changes atBottom.
  }, [replies.length, pending.length, view?.status]);

  const following = view?.following ?? false;
  useEffect(() => {
    if (!following || !visible || !atBottom || newest === 0) return;
    const timer = window.setTimeout(() => void actions.threads.markRead(rootId, newest), 250);
    return () => window.clearTimeout(timer);
  }, [following, visible, atBottom, newest, actions, rootId]);

  const handlers: MessageHandlers = useMemo(
    () => ({
      onReply: (message) => {
        setMode({ kind: 'reply', message });
        composerRef.current?.focus();
      },
      onEdit: (message) => setMode({ kind: 'edit', message }),
      onDelete: (message) => setDeleting(message),
    }),
    [],
  );

  const submit = async (text: string): Promise<boolean> => {
    if (mode.kind === 'edit') return saveEdit(mode.message, text);
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
    setAtBottom(true);
    actions.send(room.id, text, mode.kind === 'reply' ? mode.message : null, { threadId: rootId });
    setMode({ kind: 'new' });
    return true;
  };

  const toggleFollow = async () => {
    setFollowBusy(true);
    setFollowError(null);
    try {
      await actions.threads.follow(rootId, !following);
    } catch (error) {
      setFollowError(errorMessage(error));
    } finally {
      setFollowBusy(false);
    }
  };

  const loadMore = async () => {
    setMoreError(null);
    try {
      await actions.threads.loadMore(rootId);
    } catch (error) {
      setMoreError(errorMessage(error));
    }
  };

  const onScroll = () => {
    const el = scrollRef.current;
    if (el) setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
  };

  const label = roomLabel(room);
  const count = root?.thread?.replies ?? replies.length;
  return (
    <section className="thread-panel" aria-labelledby="thread-panel-title">
      <header className="thread-panel-head">
        <Link to={`/rooms/${room.id}`} className="thread-back">
          <Icon name="arrowDown" className="thread-back-icon" />
          <span>{t('chat.thread.backTo', { room: label })}</span>
        </Link>
        <div className="thread-panel-title">
          <h2 id="thread-panel-title">{t('chat.thread.title')}</h2>
          <span className="muted">{label}</span>
        </div>
        {view?.status === 'ready' && (
          <Button
            size="sm"
            variant={following ? 'secondary' : 'ghost'}
            icon={<Icon name="bell" />}
            aria-pressed={following}
            busy={followBusy}
            onClick={() => void toggleFollow()}
            title={following ? t('chat.thread.unfollowHint') : t('chat.thread.followHint')}
          >
            {following ? t('chat.thread.following') : t('chat.thread.follow')}
          </Button>
        )}
        <button
          type="button"
          className="icon-button thread-close"
          onClick={onClose}
          title={t('chat.thread.close')}
        >
          <Icon name="close" />
          <span className="sr-only">{t('chat.thread.close')}</span>
        </button>
      </header>
      {followError && (
        <p className="thread-error" role="alert">
          {followError}
        </p>
      )}
      <div className="thread-scroll" ref={scrollRef} onScroll={onScroll}>
        {(!view || view.status === 'loading') && <LoadingBlock label={t('chat.thread.loading')} />}
        {view?.status === 'error' && (
          <LoadError
            title={t('chat.thread.loadFailed')}
            message={view.error ?? ''}
            onRetry={() => void actions.threads.load(rootId)}
          />
        )}
        {view?.status === 'ready' && root && (
          <div role="log" aria-label={t('chat.thread.in', { room: label })} className="thread-log">
            <MessageItem
              message={root}
              grouped={false}
              myId={me.id}
              myUsername={me.username}
              canModerate={canModerate}
              editing={mode.kind === 'edit' && mode.message.id === root.id}
              readOnly={readOnly}
              handlers={handlers}
            />
            <div className="thread-divider" role="separator">
              <span>{t('chat.thread.replies', { count })}</span>
            </div>
            {replies.map((reply, i) => (
              <MessageItem
                key={reply.id}
                message={reply}
                grouped={grouped(replies[i - 1], reply)}
                myId={me.id}
                myUsername={me.username}
                canModerate={canModerate}
                editing={mode.kind === 'edit' && mode.message.id === reply.id}
                readOnly={readOnly}
                handlers={handlers}
              />
            ))}
            {view.hasMore && (
              <div className="thread-more">
                <Button size="sm" variant="secondary" onClick={() => void loadMore()}>
                  {t('chat.thread.more')}
                </Button>
                {moreError && <span role="alert">{moreError}</span>}
              </div>
            )}
            {pending.map((p) => (
              <PendingItem
                key={p.clientMsgId}
                pending={p}
                me={me}
                onRetry={() => actions.retry(p.clientMsgId)}
                onDiscard={() => actions.discard(p.clientMsgId)}
              />
            ))}
          </div>
        )}
      </div>
      {!readOnly && view?.status === 'ready' && root && !root.deletedAt && (
        <Composer
          ref={composerRef}
          roomId={room.id}
          roomName={label}
          draftKey={`thread:${rootId}`}
          label={t('chat.message.replyInThread')}
          mode={mode}
          myId={me.id}
          commands={EMPTY}
          people={people}
          onSubmit={submit}
          onCancelMode={() => setMode({ kind: 'new' })}
          onEditLast={() => undefined}
          onTyping={() => undefined}
          onNeedPeople={needPeople}
        />
      )}
      {deleting && (
        <DeleteMessageDialog roomId={room.id} message={deleting} onClose={() => setDeleting(null)} />
      )}
    </section>
  );
}
