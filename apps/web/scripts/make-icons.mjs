#!/usr/bin/env node
/**
 * Writes the installed app's icons (public/icons/*.png) from Parley's mark, the speech bubble of
 * public/favicon.svg, by rendering SVG in Debian's Chromium (playwright-core, no browser download):
 *
 * - icon-192.png, icon-512.png: the favicon as it is (rounded square, transparent corners);
 * - icon-maskable-512.png: full bleed, the bubble inside the central 80 % safe zone, so a launcher
 *   may cut it to any shape;
 * - apple-touch-icon.png (180): full bleed and opaque, iOS rounds it itself;
 * - badge-96.png: the bubble alone in white on transparent, the monochrome badge Android shows in
 *   the status bar.
 *
 *   node apps/web/scripts/make-icons.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BRAND = '#4338ca';
/** The bubble of favicon.svg, drawn in a 32 × 32 box (keep the two the same). */
const BUBBLE =
  'M9 10.5A2.5 2.5 0 0 1 11.5 8h9A2.5 2.5 0 0 1 23 10.5v6a2.5 2.5 0 0 1-2.5 2.5H15l-4.3 3.7c-.6.5-1.7.1-1.7-.8z';

const svg = (size, body) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">${body}</svg>`;
const rounded = `<rect width="32" height="32" rx="8" fill="${BRAND}"/><path d="${BUBBLE}" fill="#fff"/>`;
const fullBleed = `<rect width="32" height="32" fill="${BRAND}"/><path d="${BUBBLE}" fill="#fff"/>`;
// The bubble spans 14 × 14.6 units around (16, 15.3); scaled 1.6× it fills about 73 % of the width.
const badge = `<g transform="translate(16 16) scale(1.6) translate(-16 -15.3)"><path d="${BUBBLE}" fill="#fff"/></g>`;

const ICONS = [
  ['icon-192.png', 192, rounded],
  ['icon-512.png', 512, rounded],
  ['icon-maskable-512.png', 512, fullBleed],
  ['apple-touch-icon.png', 180, fullBleed],
  ['badge-96.png', 96, badge],
];

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const [name, size, body] of ICONS) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg(size, body)}`,
    );
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(join(out, name), png);
    process.stdout.write(`${name}: ${size} × ${size}, ${png.length} bytes\n`);
  }
} finally {
  await browser.close();
}
