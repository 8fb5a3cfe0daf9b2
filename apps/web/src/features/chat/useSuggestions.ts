import type { CommandInfo, PublicUser } from '@parley/shared';
import { useEffect, useMemo, useState } from 'react';
import { findTrigger, suggest, type Suggestion, type Trigger } from './suggestions';

/**
 * The composer's "/" command and "@" mention suggestions at the caret: which one is highlighted,
 * and which trigger the person dismissed (Escape, or leaving the box).
 */
export function useSuggestions({
  text,
  caret,
  commands,
  people,
  myId,
  onNeedPeople,
}: {
  text: string;
  caret: number;
  commands: readonly CommandInfo[];
  people: readonly PublicUser[];
  myId: string;
  onNeedPeople: () => void;
}) {
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);

  const trigger: Trigger | null = useMemo(() => findTrigger(text, caret), [text, caret]);
  const triggerKey = trigger ? `${trigger.kind}:${trigger.start}` : null;
  const suggestions: Suggestion[] = useMemo(
    () => (trigger && triggerKey !== dismissed ? suggest(trigger, commands, people, myId) : []),
    [trigger, triggerKey, dismissed, commands, people, myId],
  );
  const open = suggestions.length > 0;
  const current = open ? suggestions[Math.min(active, suggestions.length - 1)] : undefined;

  useEffect(() => setActive(0), [triggerKey]);
  useEffect(() => {
    if (trigger?.kind === 'mention') onNeedPeople();
  }, [trigger?.kind, onNeedPeople]);

  return { trigger, triggerKey, suggestions, open, current, setActive, setDismissed };
}
