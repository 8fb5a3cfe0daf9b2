import type { Message, PublicUser, Room, Upload } from '@parley/shared';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { useChatExtensions } from './chatExtensions';
import { roomLabel, useChatActions } from './ChatProvider';
import { typingSentence } from './chatState';
import { useChat, useChatStore } from './chatStore';
import { Composer, type ComposerMode } from './Composer';
import { DropOverlay, fileDropHandlers } from './ComposerFiles';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { HistoryEdge } from './HistoryEdge';
import { JoinBar } from './JoinBar';
import { type MessageHandlers } from './MessageItem';
import { TimelineRowView } from './TimelineRowView';
import { ThreadPanel } from './ThreadPanel';
import { TypingLine } from './TypingLine';
import { RoomHeader } from './RoomHeader';
import { CreateDiscussionDialog, MemberPanel } from './roomDialogs';
import { UNREAD_ROW_KEY, type TimelineRow } from './rows';
import { classifyInput } from './suggestions';
import { useCommands } from './useCommands';
import { useDocumentVisible } from './useDocumentVisible';
import { VirtualList, type VirtualListHandle } from './VirtualList';
import { useSaveEdit } from './useSaveEdit';
import { useComposerFiles } from './useComposerFiles';
import { useJumpHighlight } from './useJumpHighlight';
import { useNewMessageAnnouncement, useRoomTimeline, useTypingNames } from './useRoomTimeline';

const EMPTY: never[] = [];

export function RoomScreen({
  room,
  member,
  threadId = null,
  jumpTo,
}: {
  room: Room & { lastReadSeq?: number; unread?: number };
  member: boolean;
  /** The thread open beside the timeline (`/rooms/:id/thread/:rootId`, issue 20). */
  threadId?: string | null;
  /** Open at the message with this seq (a search result) and highlight it. */
  jumpTo?: number | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const actions = useChatActions();
  const { RoomAside, callStarted } = useChatExtensions();
  const store = useChatStore();
  const typing = useChat((s) => s.typing[room.id]);
  const members = useChat((s) => s.members[room.id]);
  const commands = useCommands();
  const visible = useDocumentVisible();
  const listRef = useRef<VirtualListHandle>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [mode, setMode] = useState<ComposerMode>({ kind: 'new' });
  const [membersOpen, setMembersOpen] = useState(false);
  /** The "Start a discussion" dialog, from the room (from: null) or from one of its messages. */
  const [discussion, setDiscussion] = useState<{ from: Message | null } | null>(null);
  const [deleting, setDeleting] = useState<Message | null>(null);
  const files = useComposerFiles(room.id);
  const [dragging, setDragging] = useState(false);
  /** Whether the "New messages" line is above the view; updated on scroll (React skips equal values). */
  const [lineAbove, setLineAbove] = useState(false);
  useDocumentTitle(roomLabel(room));

  const { history, messages, rows, newest, lastReadSeq, unreadFrom, unreadLoaded, unreadSeq } =
    useRoomTimeline(room, member, atBottom && visible, jumpTo);
  const moreAfter = history?.hasMoreAfter ?? false;
  useJumpHighlight(listRef, jumpTo, history?.status === 'ready', rows);
  const toLatest = async () => {
    if (moreAfter) await actions.loadLatest(room.id);
    listRef.current?.scrollToBottom();
  };

  // Mentions need the member list; direct messages carry their members.
  const people: PublicUser[] = useMemo(
    () => (room.type === 'direct' ? room.members : (members?.map((m) => m.user) ?? EMPTY)),
    [room.type, room.members, members],
  );
  const needPeople = useCallback(() => {
    if (room.type !== 'direct' && !store.getState().members[room.id]) {
      actions.loadMembers(room.id).catch(() => undefined);
    }
  }, [actions, store, room.id, room.type]);

  const typingNames = useTypingNames(typing, people, messages, needPeople);

  const myRole = room.myRole;
  const canModerate = myRole === 'owner' || myRole === 'moderator' || me.role === 'admin';
  const readOnly = room.archived || !member;

  const handlers: MessageHandlers = useMemo(
    () => ({
      onReply: (message) => {
        setMode({ kind: 'reply', message });
        composerRef.current?.focus();
      },
      onEdit: (message) => setMode({ kind: 'edit', message }),
      onDelete: (message) => setDeleting(message),
      onDiscussion: (message) => setDiscussion({ from: message }),
      onThread: (message) => void navigate(`/rooms/${room.id}/thread/${message.id}`),
    }),
    [navigate, room.id],
  );

  // The message being edited or replied to was deleted meanwhile: leave that mode.
  const modeMessage = mode.kind === 'new' ? null : messages.find((m) => m.id === mode.message.id);
  useEffect(() => {
    if (modeMessage?.deletedAt) setMode({ kind: 'new' });
  }, [modeMessage?.deletedAt]);

  const saveEdit = useSaveEdit(room.id, setMode);
  const editLast = () => {
    const mine = [...messages]
      .reverse()
      .find((m) => m.author?.id === me.id && m.kind === 'user' && !m.deletedAt && !m.action);
    if (mine) setMode({ kind: 'edit', message: mine });
  };

  const submit = async (text: string, uploads: Upload[] = []): Promise<boolean> => {
    if (mode.kind === 'edit') return saveEdit(mode.message, text);
    // Files make it a message: "/topic" as a caption is text, not a command.
    const input = uploads.length > 0 ? { kind: 'message' as const, text } : classifyInput(text);
    void toLatest();
    if (input.kind === 'command') {
      return actions.runCommand(room.id, input.text, callStarted);
    }
    actions.send(room.id, input.text, mode.kind === 'reply' ? mode.message : null, { files: uploads });
    setMode({ kind: 'new' });
    return true;
  };

  // "Jump to first unread": load older pages until the line is there, then scroll to it.
  const [jumpPending, setJumpPending] = useState(false);
  const jumpToUnread = async () => {
    if (unreadFrom === null) return;
    setJumpPending(true);
    await actions.loadUntil(room.id, unreadFrom + 1);
  };
  useEffect(() => {
    if (!jumpPending || unreadSeq === null) return;
    if (listRef.current?.scrollToKey(UNREAD_ROW_KEY)) setJumpPending(false);
  }, [jumpPending, unreadSeq, rows]);

  const unreadAbove = unreadFrom !== null && (!unreadLoaded || (unreadSeq !== null && lineAbove));

  const renderRow = (row: TimelineRow) => (
    <TimelineRowView
      row={row}
      me={me}
      editingId={mode.kind === 'edit' ? mode.message.id : null}
      canModerate={canModerate}
      readOnly={readOnly}
      handlers={handlers}
    />
  );

  const typingLine = typingSentence(typingNames);
  const announcement = useNewMessageAnnouncement(messages, me.id, history?.status === 'ready');
  const loadingOlder = history?.loadingOlder ?? false;
  const historyStart = history?.status === 'ready' && !history.hasMoreBefore;

  return (
    <div className={`room-view${membersOpen ? ' members-open' : ''}${threadId ? ' thread-open' : ''}`}>
      {RoomAside && <RoomAside roomId={room.id} />}
      <div className="room-main" {...(readOnly ? {} : fileDropHandlers(files.add, setDragging))}>
        {dragging && <DropOverlay roomName={roomLabel(room)} />}
        <RoomHeader
          room={room}
          member={member}
          membersOpen={membersOpen}
          onToggleMembers={() => setMembersOpen((open) => !open)}
          onStartDiscussion={() => setDiscussion({ from: null })}
        />
        <div className="room-timeline">
          {(!history || history.status === 'loading') && <LoadingBlock label={t('chat.screen.loading')} />}
          {history?.status === 'error' && (
            <div className="room-state">
              {member ? (
                <LoadError
                  title={t('chat.screen.loadFailed')}
                  message={history.error ?? ''}
                  onRetry={() => void actions.loadLatest(room.id)}
                />
              ) : (
                <EmptyState icon="lock" title={t('chat.screen.joinToRead', { room: roomLabel(room) })}>
                  {t('chat.screen.membersOnly')}
                </EmptyState>
              )}
            </div>
          )}
          {history?.status === 'ready' && rows.length === 0 && (
            <EmptyState icon="chat" title={t('chat.screen.emptyTitle')}>
              {room.topic
                ? t('chat.screen.topic', { topic: room.topic })
                : t('chat.timeline.startRoom', { room: roomLabel(room) })}
            </EmptyState>
          )}
          {history?.status === 'ready' && rows.length > 0 && (
            <VirtualList
              ref={listRef}
              rows={rows}
              renderRow={renderRow}
              label={t('chat.screen.messagesIn', { room: roomLabel(room) })}
              className="message-list"
              onNearTop={() => void actions.loadOlder(room.id)}
              onNearBottom={moreAfter ? () => void actions.loadNewer(room.id) : undefined}
              stickToBottom={!moreAfter}
              onAtBottomChange={setAtBottom}
              onScrolled={() => setLineAbove(listRef.current?.isAbove(UNREAD_ROW_KEY) ?? false)}
              header={
                <HistoryEdge
                  room={room}
                  loadingOlder={loadingOlder}
                  olderError={history.olderError}
                  historyStart={historyStart}
                  onRetry={() => void actions.loadOlder(room.id)}
                />
              }
            />
          )}
          <div className="timeline-overlays">
            {unreadAbove && (
              <button type="button" className="jump-pill jump-unread" onClick={() => void jumpToUnread()}>
                <Icon name="arrowDown" className="jump-up" />
                {t('chat.screen.jumpUnread')}
              </button>
            )}
          </div>
          <div className="timeline-overlays timeline-overlays-bottom">
            {(!atBottom || moreAfter) && history?.status === 'ready' && (
              <button type="button" className="jump-pill jump-latest" onClick={() => void toLatest()}>
                <Icon name="arrowDown" />
                {lastReadSeq !== undefined && newest > lastReadSeq
                  ? t('chat.screen.unreadBelow')
                  : t('chat.screen.jumpLatest')}
              </button>
            )}
          </div>
        </div>
        <p className="sr-only" aria-live="polite">
          {announcement}
        </p>
        <TypingLine text={typingLine} />
        {!member ? (
          <JoinBar room={room} historyReady={history?.status === 'ready'} />
        ) : room.archived ? (
          <div className="room-footer-bar">
            <Icon name="lock" />
            <span>{t('chat.screen.archived')}</span>
          </div>
        ) : (
          <Composer
            ref={composerRef}
            roomId={room.id}
            roomName={room.type === 'direct' ? room.displayName : roomLabel(room)}
            mode={mode}
            myId={me.id}
            commands={commands}
            people={people}
            onSubmit={submit}
            files={files}
            onCancelMode={() => setMode({ kind: 'new' })}
            onEditLast={editLast}
            onTyping={(on) => (on ? actions.typing(room.id) : actions.stopTyping(room.id))}
            onNeedPeople={needPeople}
            pageFocus
          />
        )}
      </div>
      {threadId && (
        <ThreadPanel
          room={room}
          rootId={threadId}
          readOnly={readOnly}
          canModerate={canModerate}
          onClose={() => void navigate(`/rooms/${room.id}`)}
        />
      )}
      <Suspense fallback={null}>
        {membersOpen && <MemberPanel room={room} onClose={() => setMembersOpen(false)} />}
      </Suspense>
      <Suspense fallback={null}>
        {discussion && (
          <CreateDiscussionDialog
            parentId={room.id}
            {...(discussion.from ? { sourceMessage: discussion.from } : {})}
            onClose={() => setDiscussion(null)}
          />
        )}
      </Suspense>
      {deleting && (
        <DeleteMessageDialog roomId={room.id} message={deleting} onClose={() => setDeleting(null)} />
      )}
    </div>
  );
}
