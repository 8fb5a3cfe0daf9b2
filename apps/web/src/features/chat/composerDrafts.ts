import { clearComposerFiles } from './useComposerFiles';

/** What is being typed in each room (or thread), kept while moving between rooms. */
export const textDrafts = new Map<string, string>();

/**
 * Drafts belong to the signed-in person: signing out (the chat unmounts) forgets every room's text
 * and picked files, so the next person on a shared computer never sees them.
 */
export function forgetDrafts(): void {
  textDrafts.clear();
  clearComposerFiles();
}
