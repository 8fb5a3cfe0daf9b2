import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { countdown } from '../../lib/zonedTime';
import './consultations.css';

/** "We're holding this time for 4:59" until `until`, then `onExpired` once. */
export function HoldCountdown({ until, onExpired }: { until: string | null; onExpired: () => void }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const expired = useRef(onExpired);
  expired.current = onExpired;
  const end = until ? Date.parse(until) : null;
  useEffect(() => {
    if (end === null) return;
    const timer = window.setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= end) {
        window.clearInterval(timer);
        expired.current();
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [end]);
  if (end === null) return null;
  const left = end - now;
  return (
    <p className={`hold-countdown${left < 60_000 ? ' is-urgent' : ''}`}>
      <Icon name="info" />
      <span>
        <Trans
          t={t}
          i18nKey="consultations.hold.countdown"
          values={{ left: countdown(left) }}
          components={{ b: <strong className="hold-clock" /> }}
        />
      </span>
    </p>
  );
}
