import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/shared';
import { useCallback, useState } from 'react';
import { errorMessage } from '../../api/client';
import { Icon } from '../../components/Icon';
import { useChatActions } from './ChatProvider';
import { saying } from './said';
import { EmojiPicker } from './EmojiPicker';
import { noteReactionUsed } from './emoji';
import { whoReacted } from './reactions';
import './threads.css';

/** Adds or removes my reaction; a refusal (the limit, a deleted message) is said in the room. */
function useToggleReaction(message: Message) {
  const actions = useChatActions();
  return useCallback(
    (emoji: string, add: boolean) => {
      if (add) noteReactionUsed(emoji);
      actions.threads.toggleReaction(message.id, emoji, add).catch((error: unknown) => {
        actions.notice(
          message.roomId,
          saying('chat.reactions.failed', { error: errorMessage(error) }),
          'error',
        );
      });
    },
    [actions, message.id, message.roomId],
  );
}

/**
 * A message's reactions (issue 20): one chip per emoji with its count, pressed when I reacted, its
 * title saying who did; a click toggles mine. The last chip adds another reaction.
 */
export function MessageReactions({
  message,
  myId,
  readOnly,
}: {
  message: Message;
  myId: string;
  readOnly: boolean;
}) {
  const toggle = useToggleReaction(message);
  const { t } = useTranslation();
  if (message.reactions.length === 0 || message.deletedAt) return null;
  return (
    <div className="reactions" role="group" aria-label={t('chat.reactions.label')}>
      {message.reactions.map((reaction) => {
        const who = whoReacted(reaction, myId);
        return (
          <button
            key={reaction.emoji}
            type="button"
            className={`reaction${reaction.me ? ' is-mine' : ''}`}
            aria-pressed={reaction.me}
            aria-label={who}
            title={who}
            disabled={readOnly}
            onClick={() => toggle(reaction.emoji, !reaction.me)}
          >
            <span className="reaction-emoji" aria-hidden="true">
              {reaction.emoji}
            </span>
            <span className="reaction-count" aria-hidden="true">
              {reaction.count}
            </span>
          </button>
        );
      })}
      {!readOnly && <AddReactionButton message={message} className="reaction reaction-add" />}
    </div>
  );
}

/** "Add reaction": opens the picker beside the button; Escape or a pick brings the focus back. */
export function AddReactionButton({ message, className }: { message: Message; className: string }) {
  const { t } = useTranslation();
  const toggle = useToggleReaction(message);
  const [anchor, setAnchor] = useState<HTMLButtonElement | null>(null);
  const close = useCallback(() => {
    setAnchor((current) => {
      current?.focus();
      return null;
    });
  }, []);
  return (
    <>
      <button
        type="button"
        className={className}
        title={t('chat.reactions.add')}
        aria-haspopup="dialog"
        aria-expanded={anchor !== null}
        onClick={(event) => {
          const button = event.currentTarget;
          setAnchor((current) => (current ? null : button));
        }}
      >
        <Icon name="smile" />
        <span className="sr-only">{t('chat.reactions.add')}</span>
      </button>
      {anchor && (
        <EmojiPicker
          anchor={anchor}
          onClose={close}
          onPick={(emoji) => {
            const mine = message.reactions.find((r) => r.emoji === emoji)?.me ?? false;
            if (!mine) toggle(emoji, true);
            close();
          }}
        />
      )}
    </>
  );
}
