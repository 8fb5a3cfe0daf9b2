/**
 * `@username` mentions in message text: the same handle rules as usernames, not inside an e-mail
 * address or a word (`me@example.org` mentions nobody), and not inside inline code or code blocks.
 */
const MENTION = /(^|[^\w@.`-])@([a-z0-9][a-z0-9._-]{1,31})/gi;
const CODE = /```[\s\S]*?```|`[^`\n]*`/g;

export function mentionedUsernames(text: string): string[] {
  const visible = text.replace(CODE, ' ');
  const names = new Set<string>();
  for (const match of visible.matchAll(MENTION)) {
    // A trailing dot ends a sentence ("thanks @bob.") rather than belonging to the handle.
    names.add(match[2]!.toLowerCase().replace(/[._-]+$/, ''));
    if (names.size >= 50) break;
  }
  return [...names].filter((n) => n.length >= 2);
}
