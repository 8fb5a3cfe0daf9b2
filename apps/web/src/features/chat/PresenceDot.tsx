import type { PresenceStatus } from '@parley/shared';
import { useTranslation } from 'react-i18next';
import { useChat } from './chatStore';

/** The catalogue key of each status's word. */
export const PRESENCE_LABELS: Record<PresenceStatus, string> = {
  online: 'chat.presence.online',
  away: 'chat.presence.away',
  offline: 'chat.presence.offline',
};

/** A coloured dot with the status in words for screen readers (and as a tooltip). */
export function PresenceDot({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const status = useChat((state) => state.presence[userId]) ?? 'offline';
  return (
    <span className={`presence-dot presence-${status}`} title={t(PRESENCE_LABELS[status])}>
      <span className="sr-only">{t(PRESENCE_LABELS[status])}</span>
    </span>
  );
}
