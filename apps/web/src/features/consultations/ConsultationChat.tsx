import type { Message, Upload } from '@parley/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useMe } from '../../auth/session';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { LoadingBlock, Spinner } from '../../components/Spinner';
import {
  buildRows,
  chatApi,
  Composer,
  TimelineRowView,
  typingSentence,
  TypingLine,
  useChat,
  useChatActions,
  useChatStore,
  useComposerFiles,
  useSaveEdit,
  VirtualList,
  type ComposerMode,
  type MessageHandlers,
  type TimelineRow,
  type VirtualListHandle,
} from '../chat';

const EMPTY: never[] = [];

/**
 * The consultation's chat: an ordinary chat room (type `consultation`, the two of them) shown with
 * the chat feature's own pieces — history from the chat store, the composer, typing — beside the
 * call. System lines for joins and camera or microphone changes come from the server.
 */
export function ConsultationChat({
  roomId,
  other,
  readOnly,
  onClose,
  onErase,
}: {
  roomId: string;
  /** The other party as this consultation presents them (a client's nickname, without their photo). */
  other: { id: string; displayName: string; avatarUrl: string | null };
  /** Ended consultations can be read, not written to. */
  readOnly: boolean;
  /** Shown on narrow screens, where the chat is laid over the call. */
  onClose?: () => void;
  /** The client's "Erase chat history" (only they get it). */
  onErase?: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const otherName = other.displayName;
  const actions = useChatActions();
  const store = useChatStore();
  const history = useChat((s) => s.histories[roomId]);
  const allPending = useChat((s) => s.pending);
  const allNotices = useChat((s) => s.notices);
  const typing = useChat((s) => s.typing[roomId]);
  const listRef = useRef<VirtualListHandle>(null);
  const [mode, setMode] = useState<ComposerMode>({ kind: 'new' });
  // Files in a consultation stay between its two parties: the room's membership decides who may fetch them.
  const files = useComposerFiles(roomId);
  const saveEdit = useSaveEdit(roomId, setMode);
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [erasing, setErasing] = useState<'ask' | 'busy' | null>(null);
  const [eraseError, setEraseError] = useState<string | null>(null);

  useEffect(() => {
    if (!history) void actions.loadLatest(roomId);
  }, [history, actions, roomId]);
  useEffect(() => () => actions.stopTyping(roomId), [actions, roomId]);

  // A client who booked under a nickname comes from the server under it (author, replies), to both
  // of them: their account's name and photo never reach the provider's browser.
  const messages = history?.messages ?? EMPTY;
  const pending = useMemo(() => allPending.filter((p) => p.roomId === roomId), [allPending, roomId]);
  const notices = useMemo(() => allNotices.filter((n) => n.roomId === roomId), [allNotices, roomId]);
  const rows = useMemo(() => buildRows(messages, pending, notices, null), [messages, pending, notices]);

  // Read while it is on screen.
  const room = useChat((s) => s.rooms[roomId]);
  const newest = messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (!room || newest <= room.lastReadSeq) return;
    const timer = window.setTimeout(() => void actions.markRead(roomId, newest), 250);
    return () => window.clearTimeout(timer);
  }, [room, newest, actions, roomId]);

  // Only the two of them are in the room: whoever else types is the other party.
  const typingNames = useMemo(() => Object.keys(typing ?? {}).map(() => otherName), [typing, otherName]);

  const handlers: MessageHandlers = useMemo(
    () => ({
      onReply: (message) => setMode({ kind: 'reply', message }),
      onEdit: (message) => setMode({ kind: 'edit', message }),
      onDelete: (message) => setDeleting(message),
    }),
    [],
  );

  const submit = async (text: string, uploads: Upload[] = []): Promise<boolean> => {
    if (mode.kind === 'edit') return saveEdit(mode.message, text);
    listRef.current?.scrollToBottom();
    actions.send(roomId, text, mode.kind === 'reply' ? mode.message : null, { files: uploads });
    setMode({ kind: 'new' });
    return true;
  };

  const confirmDelete = async () => {
    const message = deleting;
    if (!message) return;
    setDeleting(null);
    try {
      store.dispatch({ type: 'message/upsert', message: await chatApi.deleteMessage(message.id) });
    } catch (error) {
      actions.notice(roomId, t('consultations.chat.notDeleted', { error: errorMessage(error) }), 'error');
    }
  };

  const erase = async () => {
    if (!onErase) return;
    setErasing('busy');
    setEraseError(null);
    try {
      await onErase();
      store.dispatch({ type: 'history/reset', roomId });
      setErasing(null);
    } catch (error) {
      setEraseError(errorMessage(error));
      setErasing('ask');
    }
  };

  const renderRow = (row: TimelineRow) => (
    <TimelineRowView
      row={row}
      me={me}
      editingId={mode.kind === 'edit' ? mode.message.id : null}
      canModerate={false}
      readOnly={readOnly}
      handlers={handlers}
      unreadLine={false}
    />
  );

  const typingLine = typingSentence(typingNames);

  return (
    <aside
      className="consultation-chat"
      id="consultation-chat"
      aria-label={t('consultations.chat.label', { name: otherName })}
    >
      <header className="consultation-chat-header">
        <h2>
          <Icon name="chat" /> {t('consultations.chat.label', { name: otherName })}
        </h2>
        <div className="consultation-chat-tools">
          {onErase && (
            <Button
              variant="ghost"
              size="sm"
              icon={<Icon name="trash" />}
              aria-label={t('consultations.chat.erase.label')}
              title={t('consultations.chat.erase.label')}
              onClick={() => setErasing('ask')}
            >
              {t('consultations.chat.erase.button')}
            </Button>
          )}
          {onClose && (
            <button type="button" className="icon-button consultation-chat-close" onClick={onClose}>
              <Icon name="close" />
              <span className="sr-only">{t('consultations.chat.hide')}</span>
            </button>
          )}
        </div>
      </header>
      <div className="consultation-chat-timeline">
        {(!history || history.status === 'loading') && (
          <LoadingBlock label={t('consultations.chat.loading')} />
        )}
        {history?.status === 'error' && (
          <LoadError
            title={t('consultations.chat.loadFailed')}
            message={history.error ?? ''}
            onRetry={() => void actions.loadLatest(roomId)}
          />
        )}
        {history?.status === 'ready' && rows.length === 0 && (
          <EmptyState icon="chat" title={t('consultations.chat.empty')} compact>
            {t('consultations.chat.private', { name: otherName })}
          </EmptyState>
        )}
        {history?.status === 'ready' && rows.length > 0 && (
          <VirtualList
            ref={listRef}
            rows={rows}
            renderRow={renderRow}
            label={t('consultations.chat.messagesWith', { name: otherName })}
            className="message-list"
            onNearTop={() => void actions.loadOlder(roomId)}
            header={
              history.loadingOlder ? (
                <p className="history-edge">
                  <Spinner size="sm" decorative /> {t('consultations.chat.loadingOlder')}
                </p>
              ) : !history.hasMoreBefore ? (
                <p className="history-edge">{t('consultations.chat.private', { name: otherName })}</p>
              ) : null
            }
          />
        )}
      </div>
      <TypingLine text={typingLine} />
      {readOnly ? (
        <div className="room-footer-bar">
          <Icon name="lock" />
          <span>{t('consultations.chat.readOnly')}</span>
        </div>
      ) : (
        <Composer
          roomId={roomId}
          roomName={otherName}
          mode={mode}
          myId={me.id}
          commands={EMPTY}
          people={EMPTY}
          onSubmit={submit}
          files={files}
          onCancelMode={() => setMode({ kind: 'new' })}
          onEditLast={() => {
            const mine = [...messages]
              .reverse()
              .find((m) => m.author?.id === me.id && m.kind === 'user' && !m.deletedAt);
            if (mine) setMode({ kind: 'edit', message: mine });
          }}
          onTyping={(on) => (on ? actions.typing(roomId) : actions.stopTyping(roomId))}
          onNeedPeople={() => undefined}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('consultations.chat.delete.title')}
          confirmLabel={t('consultations.chat.delete.confirm')}
          tone="danger"
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        >
          <p>{t('consultations.chat.delete.text', { name: otherName })}</p>
        </ConfirmDialog>
      )}
      {erasing && (
        <ConfirmDialog
          title={t('consultations.chat.erase.title')}
          confirmLabel={t('consultations.chat.erase.confirm')}
          cancelLabel={t('consultations.keepIt')}
          tone="danger"
          busy={erasing === 'busy'}
          cancelDisabled={erasing === 'busy'}
          onConfirm={() => void erase()}
          onCancel={() => setErasing(null)}
        >
          <p>{t('consultations.chat.erase.text', { name: otherName })}</p>
          {eraseError && <p className="field-error">{eraseError}</p>}
        </ConfirmDialog>
      )}
    </aside>
  );
}
