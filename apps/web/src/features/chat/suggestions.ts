import type { CommandInfo, PublicUser } from '@parley/shared';

/** What the composer is completing at the caret: a command at the start, or an @mention. */
export interface Trigger {
  kind: 'command' | 'mention';
  /** Where the completed word starts (the "/" or "@"). */
  start: number;
  query: string;
}

export type Suggestion =
  | { kind: 'command'; id: string; insert: string; command: CommandInfo }
  | { kind: 'mention'; id: string; insert: string; user: PublicUser };

const MAX_SUGGESTIONS = 8;

export function findTrigger(text: string, caret: number): Trigger | null {
  const before = text.slice(0, caret);
  const command = /^\/([a-z0-9_-]*)$/i.exec(before);
  if (command) return { kind: 'command', start: 0, query: command[1]!.toLowerCase() };
  // The same boundary as the server's mention rule: not inside a word or an e-mail address.
  const mention = /(^|[^\w@.`-])@([a-z0-9._-]{0,31})$/i.exec(before);
  if (mention) {
    const query = mention[2]!;
    return { kind: 'mention', start: caret - query.length - 1, query: query.toLowerCase() };
  }
  return null;
}

export function suggest(
  trigger: Trigger,
  commands: readonly CommandInfo[],
  people: readonly PublicUser[],
  myId: string,
): Suggestion[] {
  if (trigger.kind === 'command') {
    return commands
      .filter((c) => c.name.toLowerCase().replace(/^\//, '').startsWith(trigger.query))
      .slice(0, MAX_SUGGESTIONS)
      .map((command) => {
        const name = command.name.replace(/^\//, '');
        return { kind: 'command', id: `cmd-${name}`, insert: `/${name} `, command };
      });
  }
  const q = trigger.query;
  const scored = people
    .filter((p) => p.id !== myId)
    .map((user) => {
      const username = user.username.toLowerCase();
      const name = user.displayName.toLowerCase();
      const score = username.startsWith(q)
        ? 0
        : name.split(/\s+/).some((word) => word.startsWith(q))
          ? 1
          : username.includes(q) || name.includes(q)
            ? 2
            : -1;
      return { user, score };
    })
    .filter((s) => s.score >= 0)
    .sort((a, b) => a.score - b.score || a.user.username.localeCompare(b.user.username));
  return scored.slice(0, MAX_SUGGESTIONS).map(({ user }) => ({
    kind: 'mention',
    id: `user-${user.id}`,
    insert: `@${user.username} `,
    user,
  }));
}

/**
 * Enter on a command typed out in full that takes nothing after its name ("/leave") runs it rather
 * than completing it; a command that takes text ("/topic") is completed, so the text can follow.
 */
export function runsAsTyped(trigger: Trigger | null, suggestion: Suggestion | undefined): boolean {
  if (trigger?.kind !== 'command' || suggestion?.kind !== 'command') return false;
  const name = suggestion.command.name.replace(/^\//, '').toLowerCase();
  const usage = suggestion.command.usage.trim().toLowerCase();
  return trigger.query === name && (usage === '' || usage === `/${name}`);
}

/** The text with the word at the caret replaced by the suggestion, and where the caret goes. */
export function applySuggestion(
  text: string,
  caret: number,
  trigger: Trigger,
  suggestion: Suggestion,
): { text: string; caret: number } {
  const after = text.slice(caret).replace(/^\S*/, '').replace(/^ /, '');
  const next = text.slice(0, trigger.start) + suggestion.insert + after;
  return { text: next, caret: trigger.start + suggestion.insert.length };
}

/** "/topic x" is a command; "//not a command" is a message that starts with "/" (the first one is dropped). */
export function classifyInput(text: string): { kind: 'command' | 'message'; text: string } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('//')) return { kind: 'message', text: trimmed.slice(1) };
  if (trimmed.startsWith('/') && /^\/[a-z]/i.test(trimmed)) return { kind: 'command', text: trimmed };
  return { kind: 'message', text };
}
