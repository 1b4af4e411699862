#!/usr/bin/env node
/*
 * Regenerates the icons in packages/app/public from the brand mark
 * (src/modules/theme/brand.ts):
 *
 *   node packages/app/scripts/generate-icons.mjs
 *
 * Node >= 22.18 (it loads brand.ts with Node's TypeScript support) and
 * Debian's chromium, which renders the mark to PNG. Commit what it writes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brandMarkSvg } from '../src/modules/theme/brand.ts';

const publicDir = fileURLToPath(new URL('../public', import.meta.url));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The PNGs: file, size in pixels, variant of the mark. */
const pngs = [
  ['favicon-16x16.png', 16, 'color'],
  ['favicon-32x32.png', 32, 'color'],
  ['apple-touch-icon.png', 180, 'square'],
  ['android-chrome-192x192.png', 192, 'color'],
];

/** The sizes favicon.ico holds, of the `color` mark. */
const icoSizes = [16, 32, 48];

function renderPng(tmp, size, variant) {
  const html = path.join(tmp, `${variant}-${size}.html`);
  const png = path.join(tmp, `${variant}-${size}.png`);
  const svg = brandMarkSvg(variant).replace(
    '<svg ',
    `<svg width="${size}" height="${size}" `,
  );
  fs.writeFileSync(
    html,
    `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`,
  );
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      '--default-background-color=00000000',
      `--window-size=${size},${size}`,
      `--screenshot=${png}`,
      `file://${html}`,
    ],
    { stdio: 'ignore' },
  );
  const data = fs.readFileSync(png);
  // IHDR: width and height at bytes 16 and 20
  if (data.readUInt32BE(16) !== size || data.readUInt32BE(20) !== size) {
    throw new Error(`chromium rendered ${png} at the wrong size`);
  }
  return data;
}

/** An ICO holding PNGs (each entry's image is the PNG file itself). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(i => i.data)]);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'myorg-icons-'));
try {
  const rendered = new Map();
  const render = (size, variant) => {
    const key = `${variant}-${size}`;
    if (!rendered.has(key)) rendered.set(key, renderPng(tmp, size, variant));
    return rendered.get(key);
  };
  for (const [file, size, variant] of pngs) {
    fs.writeFileSync(path.join(publicDir, file), render(size, variant));
  }
  fs.writeFileSync(
    path.join(publicDir, 'favicon.ico'),
    ico(icoSizes.map(size => ({ size, data: render(size, 'color') }))),
  );
  fs.writeFileSync(
    path.join(publicDir, 'safari-pinned-tab.svg'),
    brandMarkSvg('monochrome'),
  );
  process.stdout.write(`icons written to ${publicDir}\n`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
