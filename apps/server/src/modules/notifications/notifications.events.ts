import type { DomainEvents } from '../../lib/domain-events.js';
import type { CallEvent } from '../calls/index.js';
import type { ChatEvent } from '../chat/index.js';

type Of<T extends ChatEvent['type']> = Extract<ChatEvent, { type: T }>;
type CallEnded = Extract<CallEvent, { type: 'call.ended' }>;

/** What the notifications module does after chat's commits: the digest's timers. */
export interface NotificationEventHandlers {
  messagePosted(messageId: string): Promise<void>;
  read(userId: string): Promise<void>;
  callEnded(callId: string): Promise<void>;
}

/** Subscribes the digest to new messages (timers start) and reads (timers may end), and missed calls. */
export function subscribeNotificationEvents(events: DomainEvents, handlers: NotificationEventHandlers): void {
  events.on<Of<'chat.message'>>('chat.message', async ({ change, messageId }) => {
    if (change === 'new') await handlers.messagePosted(messageId);
  });
  events.on<Of<'chat.read'>>('chat.read', async ({ userId }) => {
    await handlers.read(userId);
  });
  events.on<CallEnded>('call.ended', async ({ callId }) => {
    await handlers.callEnded(callId);
  });
}
