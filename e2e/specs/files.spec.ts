/**
 * Issue 20 files and search end to end, on a Parley of its own: Alice attaches an image with the
 * paperclip (its thumbnail opens large), a PDF (previewed inline) and a text file dropped onto the
 * room; she searches for a word, opens the result, and lands on that message in its room,
 * highlighted. Screenshots at desktop size and at 390 px.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { startParley, type RunningParley } from '../server.js';
import { expectAccessible, pageApi } from '../support.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
const PASSWORD = 'files e2e password 1';

test.describe.configure({ mode: 'serial' });

let parley: RunningParley;
let context: BrowserContext;
let alice: Page;
let generalUrl = '';

/** A PNG drawn by the browser, so the spec needs no binary fixture. */
async function canvasPng(page: Page): Promise<Buffer> {
  // The spec's TypeScript has no DOM types: the drawing runs as a script in the page.
  const base64 = await page.evaluate<string>(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 420;
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 420);
    sky.addColorStop(0, '#7dd3fc');
    sky.addColorStop(1, '#fde68a');
    g.fillStyle = sky;
    g.fillRect(0, 0, 640, 420);
    g.fillStyle = '#f59e0b';
    g.beginPath();
    g.arc(480, 120, 60, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#0369a1';
    g.fillRect(0, 300, 640, 120);
    return canvas.toDataURL('image/png').split(',')[1];
  })()`);
  return Buffer.from(base64, 'base64');
}

/** A one-page PDF with a line of text. */
function pdf(): Buffer {
  const stream = 'BT /F1 24 Tf 72 720 Td (Quarterly report) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const timeline = (page: Page) => page.getByRole('log');
const composer = (page: Page) => page.getByRole('textbox', { name: /^Message / });

async function sendAndWait(page: Page) {
  await composer(page).press('Enter');
  await expect(page.getByRole('list', { name: 'Files to send' })).toHaveCount(0);
  await expect(timeline(page).getByText('Sending…')).toHaveCount(0);
  await expect(timeline(page).getByText('Not sent')).toHaveCount(0);
}

test.beforeAll(async ({ browser }) => {
  parley = await startParley();
  await mkdir(artifacts, { recursive: true });
  context = await browser.newContext({ baseURL: parley.url, viewport: { width: 1280, height: 800 } });
  alice = await context.newPage();
  await alice.goto('/setup');
  await alice.getByLabel('Username').fill('alice');
  await alice.getByLabel('Display name').fill('Alice Adams');
  await alice.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await alice.getByRole('button', { name: 'Create admin account' }).click();
  await expect(alice).toHaveURL(/\/$/);
  const created = await pageApi(alice, parley.url, 'POST', '/api/v1/rooms', {
    type: 'channel',
    name: 'beach-trip',
    displayName: 'Beach trip',
  });
  expect(created.status).toBe(201);
  generalUrl = `/rooms/${(created.json.room as { id: string }).id}`;
});

test.afterAll(async () => {
  await context?.close();
  await parley?.stop();
});

test('an image by the paperclip: progress, thumbnail, lightbox', async () => {
  await alice.goto(generalUrl);
  await expect(composer(alice)).toBeVisible();
  const chooser = alice.waitForEvent('filechooser');
  await alice.getByRole('button', { name: 'Attach files' }).click();
  await (
    await chooser
  ).setFiles({ name: 'beach.png', mimeType: 'image/png', buffer: await canvasPng(alice) });
  await expect(
    alice.getByRole('list', { name: 'Files to send' }).getByText('beach.png', { exact: true }),
  ).toBeVisible();
  await composer(alice).fill('The beach at sunset');
  await sendAndWait(alice);
  const open = timeline(alice).getByRole('button', { name: 'Open beach.png' });
  await expect(open).toBeVisible();
  await expect(open.locator('img')).toHaveJSProperty('complete', true);
  expect(
    await open.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeGreaterThan(0);
  await alice.screenshot({ path: join(artifacts, 'files-image.png') });
  await open.click();
  const box = alice.getByRole('dialog', { name: /beach\.png/ });
  await expect(box.getByRole('img', { name: 'beach.png' })).toBeVisible();
  await expectAccessible(alice, 'image lightbox');
  await alice.screenshot({ path: join(artifacts, 'files-lightbox.png') });
  await alice.keyboard.press('Escape');
  await expect(box).toHaveCount(0);
  await expect(open).toBeFocused();
});

test('a PDF with its preview, and a file dropped onto the room', async () => {
  await alice.getByRole('button', { name: 'Attach files' }).click();
  await alice.locator('input[type="file"]').setInputFiles({
    name: 'report.pdf',
    mimeType: 'application/pdf',
    buffer: pdf(),
  });
  await expect(
    alice.getByRole('list', { name: 'Files to send' }).getByText('report.pdf', { exact: true }),
  ).toBeVisible();
  await sendAndWait(alice);
  await timeline(alice).getByRole('button', { name: 'Preview of report.pdf' }).click();
  await expect(timeline(alice).getByTitle('Preview of report.pdf')).toBeVisible();

  // Drag and drop: a DataTransfer with a file, dropped on the room.
  const data = await alice.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['meeting notes: budget, roadmap'], 'notes.txt', { type: 'text/plain' }));
    return transfer;
  })()`);
  const room = alice.locator('.room-main');
  await room.dispatchEvent('dragenter', { dataTransfer: data });
  await expect(alice.getByText(/Drop files to send them to/)).toBeVisible();
  await room.dispatchEvent('drop', { dataTransfer: data });
  await expect(
    alice.getByRole('list', { name: 'Files to send' }).getByText('notes.txt', { exact: true }),
  ).toBeVisible();
  await composer(alice).fill('Notes from the kickoff');
  await sendAndWait(alice);
  await expect(timeline(alice).getByRole('link', { name: 'Download notes.txt' })).toBeVisible();
  // Away from the messages: a hovered message's own colours are not this page's state.
  await alice.mouse.move(1, 1);
  await expectAccessible(alice, 'room with files');
  await alice.screenshot({ path: join(artifacts, 'files-room.png') });
});

test('search for a word, open the result: the message is highlighted in its room', async () => {
  await composer(alice).fill('The lighthouse budget is approved');
  await sendAndWait(alice);
  for (let i = 0; i < 30; i++) {
    await composer(alice).fill(`Filler message ${i}`);
    await sendAndWait(alice);
  }
  await alice.keyboard.press('Control+k');
  const box = alice.getByRole('searchbox', { name: 'Search messages' });
  await expect(box).toBeFocused();
  await box.fill('lighthouse');
  await box.press('Enter');
  await expect(alice.getByRole('heading', { name: 'Search: lighthouse', level: 1 })).toBeVisible();
  const result = alice.getByRole('list', { name: 'Search results' }).getByRole('link').first();
  await expect(result.locator('mark')).toHaveText(/lighthouse/i);
  await expectAccessible(alice, 'search results');
  await alice.screenshot({ path: join(artifacts, 'search-results.png'), fullPage: true });
  await result.click();
  await expect(alice).toHaveURL(/\/rooms\/[^?]+\?message=.+&seq=\d+/);
  const hit = timeline(alice).locator('.msg-highlight');
  await expect(hit).toContainText('The lighthouse budget is approved');
  await expect(hit).toBeInViewport();
  await alice.screenshot({ path: join(artifacts, 'search-jump.png') });
});

test('phone width: files in the room and the results page', async ({ browser }) => {
  const phone = await browser.newContext({
    baseURL: parley.url,
    viewport: { width: 390, height: 844 },
    storageState: await context.storageState(),
  });
  const page = await phone.newPage();
  await page.goto(generalUrl);
  await expect(composer(page)).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles([
    { name: 'dunes.png', mimeType: 'image/png', buffer: await canvasPng(page) },
    { name: 'report-2.pdf', mimeType: 'application/pdf', buffer: pdf() },
  ]);
  const toSend = page.getByRole('list', { name: 'Files to send' });
  await expect(toSend.getByText('dunes.png', { exact: true })).toBeVisible();
  await expect(toSend.getByRole('progressbar')).toHaveCount(0);
  await page.screenshot({ path: join(artifacts, 'files-composer-390.png') });
  await sendAndWait(page);
  await expect(timeline(page).getByRole('button', { name: 'Open dunes.png' })).toBeVisible();
  await expect(timeline(page).getByRole('link', { name: 'Download report-2.pdf' })).toBeVisible();
  await page.screenshot({ path: join(artifacts, 'files-room-390.png') });
  // The top bar keeps the workspace's name whole: search is a link to the results page here.
  const workspace = page.locator('.header-workspace');
  expect(await workspace.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.getByRole('link', { name: 'Search messages' }).click();
  await expect(page.getByRole('searchbox', { name: 'Words to find' })).toBeFocused();
  await page.keyboard.type('budget');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Search results' })).toBeVisible();
  await expectAccessible(page, 'search results at 390 px');
  await page.screenshot({ path: join(artifacts, 'search-results-390.png'), fullPage: true });
  await phone.close();
});
