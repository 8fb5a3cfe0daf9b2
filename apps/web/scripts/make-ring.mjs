#!/usr/bin/env node
/**
 * Writes public/sounds/ring.wav: the incoming-call ring, synthesised so the repository ships no
 * recording of unknown origin. Two short two-tone bursts (a soft 660 Hz + 880 Hz chord, like a desk
 * phone's trill) then a pause; the web app plays it in a loop. 8 kHz, 16-bit PCM, mono, about 40 kB.
 *
 *   node apps/web/scripts/make-ring.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RATE = 8000;
/** [seconds of sound, seconds of silence after it] */
const PATTERN = [
  [0.4, 0.2],
  [0.4, 1.5],
];
const TONES = [660, 880];
/** Fade in and out over this long so no burst starts or ends with a click. */
const FADE = 0.015;
const VOLUME = 0.45;

const samples = [];
for (const [on, off] of PATTERN) {
  const onSamples = Math.round(on * RATE);
  for (let i = 0; i < onSamples; i++) {
    const t = i / RATE;
    const envelope = Math.min(1, t / FADE, (on - t) / FADE);
    // A 20 Hz tremolo between the two notes gives the trill of a phone ringer.
    const trill = 0.5 + 0.5 * Math.sin(2 * Math.PI * 20 * t);
    const value =
      trill * Math.sin(2 * Math.PI * TONES[0] * t) + (1 - trill) * Math.sin(2 * Math.PI * TONES[1] * t);
    samples.push(value * envelope * VOLUME);
  }
  for (let i = 0; i < Math.round(off * RATE); i++) samples.push(0);
}

const data = Buffer.alloc(samples.length * 2);
samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));

const header = Buffer.alloc(44);
header.write('RIFF', 0, 'ascii');
header.writeUInt32LE(36 + data.length, 4);
header.write('WAVE', 8, 'ascii');
header.write('fmt ', 12, 'ascii');
header.writeUInt32LE(16, 16); // PCM chunk size
header.writeUInt16LE(1, 20); // PCM
header.writeUInt16LE(1, 22); // mono
header.writeUInt32LE(RATE, 24);
header.writeUInt32LE(RATE * 2, 28); // bytes per second
header.writeUInt16LE(2, 32); // bytes per frame
header.writeUInt16LE(16, 34); // bits per sample
header.write('data', 36, 'ascii');
header.writeUInt32LE(data.length, 40);

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'sounds', 'ring.wav');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, Buffer.concat([header, data]));
process.stdout.write(
  `Wrote ${out} (${(44 + data.length).toLocaleString('en')} bytes, ${samples.length / RATE} s)\n`,
);
