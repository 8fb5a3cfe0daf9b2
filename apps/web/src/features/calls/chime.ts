/**
 * A short two-note chime (Web Audio, no file to load) for a guest asking to join: heard once, quieter
 * than the ring. Silent where the browser has no Web Audio or refuses to play before a gesture.
 */
export function playChime(): void {
  const Context =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ??
        (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext);
  if (!Context) return;
  try {
    const audio = new Context();
    const start = audio.currentTime;
    [660, 880].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      const at = start + i * 0.18;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.32);
    });
    window.setTimeout(() => void audio.close().catch(() => undefined), 1_000);
  } catch {
    // No sound; the prompt is on screen and announced.
  }
}
