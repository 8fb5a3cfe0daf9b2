import type { PresenceStatus } from '@parley/shared';
import { useChat } from './chatStore';

export const PRESENCE_LABELS: Record<PresenceStatus, string> = {
  online: 'Online',
  away: 'Away',
  offline: 'Offline',
};

/** A coloured dot with the status in words for screen readers (and as a tooltip). */
export function PresenceDot({ userId }: { userId: string }) {
  const status = useChat((state) => state.presence[userId]) ?? 'offline';
  return (
    <span className={`presence-dot presence-${status}`} title={PRESENCE_LABELS[status]}>
      <span className="sr-only">{PRESENCE_LABELS[status]}</span>
    </span>
  );
}
