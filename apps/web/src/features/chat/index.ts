/**
 * The chat feature's public entry: what the app frame and the features built on chat (calls,
 * consultations, admin, home) use. Everything else in this folder is chat's own (eslint.config.js).
 * Pages are not here: App.tsx loads each by route with its own chunk. Chat's stylesheet comes with it.
 */
import './chat.css';

export { chatApi } from './chat.api';
export { ChatExtensionsContext, type ChatExtensions } from './chatExtensions';
export { ChatFlash } from './ChatFlash';
export { ChatProvider, roomLabel, useChatActions } from './ChatProvider';
export { typingSentence } from './chatState';
export { useChat, useChatStore } from './chatStore';
export { Composer, type ComposerMode } from './Composer';
export { useComposerFiles } from './useComposerFiles';
export type { MessageHandlers } from './MessageItem';
export { notificationsEnabled, notify } from './notifications';
export { PeoplePicker } from './PeoplePicker';
export { RecentRooms } from './RecentRooms';
export { RoomSidebar } from './RoomSidebar';
export { roomPath } from './roomPaths';
export { sayText, saying, type Said } from './said';
export { buildRows, type TimelineRow } from './rows';
export { dayLabel, fullDateTime, timeOf } from './time';
export { TimelineRowView } from './TimelineRowView';
export { TypingLine } from './TypingLine';
export { useSaveEdit } from './useSaveEdit';
export { VirtualList, type VirtualListHandle } from './VirtualList';
