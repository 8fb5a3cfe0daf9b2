import type { Message } from '@parley/shared';
import { useCallback } from 'react';
import { errorMessage } from '../../api/client';
import { chatApi } from './chat.api';
import { useChatActions } from './ChatProvider';
import { saying } from './said';
import { useChatStore } from './chatStore';
import type { ComposerMode } from './Composer';

/**
 * The composer's edit mode, submitted: saves `text` as the message's new text (nothing to save when
 * it is unchanged) and goes back to a new message; false when the save failed, which a notice in
 * the room explains.
 */
export function useSaveEdit(roomId: string, setMode: (mode: ComposerMode) => void) {
  const actions = useChatActions();
  const store = useChatStore();
  return useCallback(
    async (message: Message, text: string): Promise<boolean> => {
      if (text === message.text) {
        setMode({ kind: 'new' });
        return true;
      }
      try {
        store.dispatch({ type: 'message/upsert', message: await chatApi.editMessage(message.id, text) });
        setMode({ kind: 'new' });
        return true;
      } catch (error) {
        actions.notice(roomId, saying('chat.edit.failed', { error: errorMessage(error) }), 'error');
        return false;
      }
    },
    [actions, store, roomId, setMode],
  );
}
