import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../components/Icon';
import { countdown } from '../../lib/zonedTime';
import './consultations.css';

/** "We're holding this time for 4:59" until `until`, then `onExpired` once. */
export function HoldCountdown({ until, onExpired }: { until: string | null; onExpired: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const expired = useRef(onExpired);
  expired.current = onExpired;
  const end = until ? Date.parse(until) : null;
  useEffect(() => {
    if (end === null) return;
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= end) {
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
        We’re holding this time for you for <strong className="hold-clock">{countdown(left)}</strong>. Confirm
        before then, or it goes back to the free times.
      </span>
    </p>
  );
}
