import { useState, type CSSProperties } from 'react';

export interface AvatarProps {
  user: { id?: string; username?: string; displayName: string; avatarUrl: string | null };
  size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  /** When the name is written next to the avatar, screen readers don't need it twice. */
  decorative?: boolean;
}

/** Up to two letters from the display name: "Ada Lovelace" → "AL", "grace" → "G". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = Array.from(words[0] ?? '')[0] ?? '';
  const last = words.length > 1 ? (Array.from(words[words.length - 1] ?? '')[0] ?? '') : '';
  return (first + last).toUpperCase();
}

const HUES = [220, 250, 280, 320, 350, 20, 150, 180, 200];

function hueFor(seed: string): number {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return HUES[hash % HUES.length] ?? 220;
}

export function Avatar({ user, size = 'md', decorative = false }: AvatarProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const label = decorative ? undefined : user.displayName;
  const url = user.avatarUrl;

  if (url && failedUrl !== url) {
    return (
      <img
        className={`avatar avatar-${size}`}
        src={url}
        alt={label ?? ''}
        onError={() => setFailedUrl(url)}
        loading="lazy"
      />
    );
  }
  const hue = hueFor(user.id ?? user.username ?? user.displayName);
  return (
    <span
      className={`avatar avatar-${size} avatar-initials`}
      style={{ '--avatar-hue': hue } as CSSProperties}
      role={decorative ? undefined : 'img'}
      aria-label={label}
      aria-hidden={decorative || undefined}
    >
      {initialsOf(user.displayName)}
    </span>
  );
}
