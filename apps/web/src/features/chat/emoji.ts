import { t } from '../../i18n';

/**
 * The reaction picker's emoji (issue 20): a short curated set with names to search by, and the ones
 * this person uses most (kept in this browser) as quick reactions. No emoji library: Parley's
 * reactions are a gesture, not a keyboard.
 */
export interface EmojiEntry {
  emoji: string;
  /** Its name's key in the catalogue (`chat.emoji.names.<key>`); none for an emoji outside the set. */
  key?: string;
  /** What it is called in English, and other words it is found by (in English, in every language). */
  name: string;
  keywords: string;
}

export const EMOJI: readonly EmojiEntry[] = [
  { emoji: '👍', key: 'thumbsUp', name: 'Thumbs up', keywords: 'like yes agree ok +1' },
  { emoji: '👎', key: 'thumbsDown', name: 'Thumbs down', keywords: 'dislike no disagree -1' },
  { emoji: '❤️', key: 'redHeart', name: 'Red heart', keywords: 'love like' },
  { emoji: '😂', key: 'faceWithTearsOfJoy', name: 'Face with tears of joy', keywords: 'laugh lol funny' },
  { emoji: '🎉', key: 'partyPopper', name: 'Party popper', keywords: 'celebrate congratulations tada' },
  { emoji: '😮', key: 'faceWithOpenMouth', name: 'Face with open mouth', keywords: 'surprised wow' },
  { emoji: '🙏', key: 'foldedHands', name: 'Folded hands', keywords: 'thanks please pray' },
  { emoji: '🔥', key: 'fire', name: 'Fire', keywords: 'hot lit great' },
  { emoji: '👀', key: 'eyes', name: 'Eyes', keywords: 'look watching seen' },
  { emoji: '✅', key: 'checkMark', name: 'Check mark', keywords: 'done yes ok tick' },
  { emoji: '🚀', key: 'rocket', name: 'Rocket', keywords: 'launch ship fast' },
  { emoji: '💯', key: 'hundredPoints', name: 'Hundred points', keywords: 'perfect score' },
  { emoji: '😀', key: 'grinningFace', name: 'Grinning face', keywords: 'smile happy' },
  { emoji: '😊', key: 'smilingFace', name: 'Smiling face', keywords: 'happy blush' },
  { emoji: '😍', key: 'heartEyes', name: 'Heart eyes', keywords: 'love' },
  { emoji: '🤔', key: 'thinkingFace', name: 'Thinking face', keywords: 'hmm consider' },
  { emoji: '😅', key: 'grinningFaceWithSweat', name: 'Grinning face with sweat', keywords: 'phew relief' },
  { emoji: '😢', key: 'cryingFace', name: 'Crying face', keywords: 'sad tear' },
  { emoji: '😡', key: 'angryFace', name: 'Angry face', keywords: 'mad' },
  { emoji: '😱', key: 'screamingFace', name: 'Screaming face', keywords: 'shock scared' },
  { emoji: '🤯', key: 'explodingHead', name: 'Exploding head', keywords: 'mind blown' },
  { emoji: '🥳', key: 'partyingFace', name: 'Partying face', keywords: 'celebrate birthday' },
  { emoji: '😎', key: 'smilingFaceWithSunglasses', name: 'Smiling face with sunglasses', keywords: 'cool' },
  { emoji: '🙌', key: 'raisedHands', name: 'Raised hands', keywords: 'hooray praise' },
  { emoji: '👏', key: 'clappingHands', name: 'Clapping hands', keywords: 'applause bravo' },
  { emoji: '👋', key: 'wavingHand', name: 'Waving hand', keywords: 'hello hi bye wave' },
  { emoji: '💪', key: 'flexedBiceps', name: 'Flexed biceps', keywords: 'strong' },
  { emoji: '🤝', key: 'handshake', name: 'Handshake', keywords: 'deal agree' },
  { emoji: '👌', key: 'okHand', name: 'OK hand', keywords: 'fine perfect' },
  { emoji: '🤞', key: 'crossedFingers', name: 'Crossed fingers', keywords: 'luck hope' },
  { emoji: '✨', key: 'sparkles', name: 'Sparkles', keywords: 'shiny new magic' },
  { emoji: '⭐', key: 'star', name: 'Star', keywords: 'favourite' },
  { emoji: '💡', key: 'lightBulb', name: 'Light bulb', keywords: 'idea' },
  { emoji: '⚠️', key: 'warning', name: 'Warning', keywords: 'caution careful' },
  { emoji: '❌', key: 'crossMark', name: 'Cross mark', keywords: 'no wrong cancel' },
  { emoji: '➕', key: 'plus', name: 'Plus', keywords: 'add me too' },
  { emoji: '☕', key: 'hotBeverage', name: 'Hot beverage', keywords: 'coffee tea break' },
  { emoji: '🍕', key: 'pizza', name: 'Pizza', keywords: 'food lunch' },
  { emoji: '🐛', key: 'bug', name: 'Bug', keywords: 'issue defect' },
  { emoji: '📌', key: 'pushpin', name: 'Pushpin', keywords: 'pin important' },
  { emoji: '🎯', key: 'directHit', name: 'Direct hit', keywords: 'target goal' },
  { emoji: '🌟', key: 'glowingStar', name: 'Glowing star', keywords: 'shine great' },
];

/** Quick reactions before this person has used any. */
const DEFAULT_QUICK = ['👍', '❤️', '😂', '🎉', '😮', '🙏'];
export const QUICK_COUNT = 6;
const STORAGE_KEY = 'parley.reactions.used';

/** An emoji's name in the interface's language ("Thumbs up", "Великий палець угору"). */
export function emojiLabel(entry: EmojiEntry): string {
  return entry.key ? t(`chat.emoji.names.${entry.key}`) : entry.name;
}

/** The emoji whose name (in English or the interface's language) or keywords contain every word of `query`. */
export function searchEmoji(query: string): EmojiEntry[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...EMOJI];
  return EMOJI.filter((e) => {
    const text = `${e.name} ${emojiLabel(e)} ${e.keywords}`.toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The name of an emoji of the set (for labels), or the emoji itself. */
export function emojiName(emoji: string): string {
  const entry = EMOJI.find((e) => e.emoji === emoji);
  return entry ? emojiLabel(entry) : emoji;
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
