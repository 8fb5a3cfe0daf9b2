import type { CommandInfo } from '@parley/shared';
import { useEffect, useState } from 'react';
import { chatApi } from './chat.api';

/** The slash commands the server knows, fetched once per page load (they change only with a new server). */
let cached: Promise<CommandInfo[]> | null = null;

export function useCommands(): CommandInfo[] {
  const [commands, setCommands] = useState<CommandInfo[]>([]);
  useEffect(() => {
    let live = true;
    cached ??= chatApi.commands().catch(() => {
      cached = null; // try again next time a composer opens
      return [];
    });
    void cached.then((list) => {
      if (live) setCommands(list);
    });
    return () => {
      live = false;
    };
  }, []);
  return commands;
}

/** Forget the cached list (tests). */
export function resetCommandsCache(): void {
  cached = null;
}
