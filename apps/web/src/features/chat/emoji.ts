/**
 * The reaction picker's emoji (issue 20): a short curated set with names to search by, and the ones
 * this person uses most (kept in this browser) as quick reactions. No emoji library: Parley's
 * reactions are a gesture, not a keyboard.
 */
export interface EmojiEntry {
  emoji: string;
  /** What it is called, and other words it is found by. */
  name: string;
  keywords: string;
}

export const EMOJI: readonly EmojiEntry[] = [
  { emoji: '👍', name: 'Thumbs up', keywords: 'like yes agree ok +1' },
  { emoji: '👎', name: 'Thumbs down', keywords: 'dislike no disagree -1' },
  { emoji: '❤️', name: 'Red heart', keywords: 'love like' },
  { emoji: '😂', name: 'Face with tears of joy', keywords: 'laugh lol funny' },
  { emoji: '🎉', name: 'Party popper', keywords: 'celebrate congratulations tada' },
  { emoji: '😮', name: 'Face with open mouth', keywords: 'surprised wow' },
  { emoji: '🙏', name: 'Folded hands', keywords: 'thanks please pray' },
  { emoji: '🔥', name: 'Fire', keywords: 'hot lit great' },
  { emoji: '👀', name: 'Eyes', keywords: 'look watching seen' },
  { emoji: '✅', name: 'Check mark', keywords: 'done yes ok tick' },
  { emoji: '🚀', name: 'Rocket', keywords: 'launch ship fast' },
  { emoji: '💯', name: 'Hundred points', keywords: 'perfect score' },
  { emoji: '😀', name: 'Grinning face', keywords: 'smile happy' },
  { emoji: '😊', name: 'Smiling face', keywords: 'happy blush' },
  { emoji: '😍', name: 'Heart eyes', keywords: 'love' },
  { emoji: '🤔', name: 'Thinking face', keywords: 'hmm consider' },
  { emoji: '😅', name: 'Grinning face with sweat', keywords: 'phew relief' },
  { emoji: '😢', name: 'Crying face', keywords: 'sad tear' },
  { emoji: '😡', name: 'Angry face', keywords: 'mad' },
  { emoji: '😱', name: 'Screaming face', keywords: 'shock scared' },
  { emoji: '🤯', name: 'Exploding head', keywords: 'mind blown' },
  { emoji: '🥳', name: 'Partying face', keywords: 'celebrate birthday' },
  { emoji: '😎', name: 'Smiling face with sunglasses', keywords: 'cool' },
  { emoji: '🙌', name: 'Raised hands', keywords: 'hooray praise' },
  { emoji: '👏', name: 'Clapping hands', keywords: 'applause bravo' },
  { emoji: '👋', name: 'Waving hand', keywords: 'hello hi bye wave' },
  { emoji: '💪', name: 'Flexed biceps', keywords: 'strong' },
  { emoji: '🤝', name: 'Handshake', keywords: 'deal agree' },
  { emoji: '👌', name: 'OK hand', keywords: 'fine perfect' },
  { emoji: '🤞', name: 'Crossed fingers', keywords: 'luck hope' },
  { emoji: '✨', name: 'Sparkles', keywords: 'shiny new magic' },
  { emoji: '⭐', name: 'Star', keywords: 'favourite' },
  { emoji: '💡', name: 'Light bulb', keywords: 'idea' },
  { emoji: '⚠️', name: 'Warning', keywords: 'caution careful' },
  { emoji: '❌', name: 'Cross mark', keywords: 'no wrong cancel' },
  { emoji: '➕', name: 'Plus', keywords: 'add me too' },
  { emoji: '☕', name: 'Hot beverage', keywords: 'coffee tea break' },
  { emoji: '🍕', name: 'Pizza', keywords: 'food lunch' },
  { emoji: '🐛', name: 'Bug', keywords: 'issue defect' },
  { emoji: '📌', name: 'Pushpin', keywords: 'pin important' },
  { emoji: '🎯', name: 'Direct hit', keywords: 'target goal' },
  { emoji: '🌟', name: 'Glowing star', keywords: 'shine great' },
];

/** Quick reactions before this person has used any. */
const DEFAULT_QUICK = ['👍', '❤️', '😂', '🎉', '😮', '🙏'];
export const QUICK_COUNT = 6;
const STORAGE_KEY = 'parley.reactions.used';

/** The emoji whose name or keywords contain every word of `query`. */
export function searchEmoji(query: string): EmojiEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...EMOJI];
  return EMOJI.filter((e) => {
    const text = `${e.name} ${e.keywords}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The name of an emoji of the set (for labels), or the emoji itself. */
export function emojiName(emoji: string): string {
  return EMOJI.find((e) => e.emoji === emoji)?.name ?? emoji;
}

function readCounts(): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
    );
  } catch {
    return {};
  }
}

/** The six emoji this person reacts with most, topped up with common ones. */
export function quickReactions(): string[] {
  const counts = readCounts();
  const used = Object.keys(counts).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0));
  return [...new Set([...used, ...DEFAULT_QUICK])].slice(0, QUICK_COUNT);
}

export function noteReactionUsed(emoji: string): void {
  try {
    const counts = readCounts();
    counts[emoji] = (counts[emoji] ?? 0) + 1;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(counts));
  } catch {
    // Private browsing without storage: the defaults stay.
  }
}
