import type { Message, Room } from '@parley/shared';
import { createContext, useContext, type ComponentType } from 'react';

/**
 * What a feature built on chat shows inside chat's rooms. Chat sits below calls (imports point down,
 * eslint.config.js), so calls hands its parts in here instead of chat importing them: <CallsProvider>
 * provides them to everything under it. Without a provider a room shows chat alone.
 */
export interface ChatExtensions {
  /** Beside a room's timeline (calls: where the room's open call shows). */
  RoomAside: ComponentType<{ roomId: string }> | null;
  /** In a room's header (calls: start a call, the room's calls). */
  RoomActions: ComponentType<{ room: Room; member: boolean }> | null;
  /** A message that stands for a call (`message.callId`). */
  CallMessage: ComponentType<{ message: Message; myId: string; readOnly: boolean }> | null;
  /** A slash command started a call. */
  callStarted: (callId: string) => void;
}

const NONE: ChatExtensions = {
  RoomAside: null,
  RoomActions: null,
  CallMessage: null,
  callStarted: () => undefined,
};

export const ChatExtensionsContext = createContext<ChatExtensions>(NONE);

export function useChatExtensions(): ChatExtensions {
  return useContext(ChatExtensionsContext);
}
