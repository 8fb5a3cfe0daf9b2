import type { Call } from '@parley/shared';
import { useEffect, useState } from 'react';
import { callSeconds } from './format';

/**
 * How long a call has been going, in seconds, re-rendering every second while it runs (started and
 * not ended); null before it starts. The call's header and its message in the room share it, so the
 * two always say the same.
 */
export function useCallSeconds(call: Pick<Call, 'startedAt' | 'endedAt'> | undefined): number | null {
  const running = call !== undefined && call.startedAt !== null && call.endedAt === null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  if (!call) return null;
  return callSeconds(call, running ? now : undefined);
}
