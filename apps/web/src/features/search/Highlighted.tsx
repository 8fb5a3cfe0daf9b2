/** `text` cut into plain and matched parts by `[start, end)` ranges (clamped, sorted, overlaps merged). */
export function segments(
  text: string,
  highlights: readonly (readonly [number, number])[],
): { text: string; match: boolean }[] {
  const ranges = highlights
    .map(([start, end]) => [
      Math.max(0, Math.min(start, text.length)),
      Math.max(0, Math.min(end, text.length)),
    ])
    .filter(([start, end]) => end! > start!)
    .sort((a, b) => a[0]! - b[0]!) as [number, number][];
  const parts: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) parts.push({ text: text.slice(at, from), match: false });
    const last = parts.at(-1);
    if (last?.match && from === at) last.text += text.slice(from, end);
    else parts.push({ text: text.slice(from, end), match: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts;
}

/** A snippet with its matches marked; text only, never HTML. */
export function Highlighted({
  text,
  highlights,
}: {
  text: string;
  highlights: readonly (readonly [number, number])[];
}) {
  return (
    <>
      {segments(text, highlights).map((part, i) =>
        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}
