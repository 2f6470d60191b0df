// Draws the app icons as PNG files in public/icons: a white check mark on the theme colour.
// Run with `npm run icons -w pwa` after changing the design; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const theme = [0x1f, 0x6f, 0x5c];
const paper = [0xf7, 0xf6, 0xf2];
const white = [0xff, 0xff, 0xff];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (a function of x, y) as an 8-bit truecolour-with-alpha PNG. */
function encodePng(size, pixelAt) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixelAt(x + 0.5, y + 0.5);
      row.set([r, g, b, a], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage in 0..1 of a rounded rectangle edge or stroke, for a one-pixel soft edge. */
const coverage = (distanceInside) => Math.max(0, Math.min(1, distanceInside + 0.5));

function blend(under, over, alpha) {
  return under.map((channel, index) => Math.round(channel + (over[index] - channel) * alpha));
}

/**
 * Returns a pixel function for an icon of `size`. A maskable icon fills the square and keeps the
 * check mark inside the central 80 % safe zone. A plain icon is a rounded tile on transparency.
 */
function iconPixels(size, { maskable }) {
  const scale = size / 100;
  const inset = maskable ? 0 : 4 * scale;
  const radius = maskable ? 0 : 22 * scale;
  const markScale = maskable ? 0.62 : 0.8;
  const stroke = 9 * scale * markScale;
  const point = (x, y) => [
    size / 2 + (x - 50) * scale * markScale,
    size / 2 + (y - 50) * scale * markScale,
  ];
  const [ax, ay] = point(27, 52);
  const [bx, by] = point(43, 68);
  const [cx, cy] = point(74, 34);

  return (x, y) => {
    const qx = Math.max(inset + radius - x, 0, x - (size - inset - radius));
    const qy = Math.max(inset + radius - y, 0, y - (size - inset - radius));
    const tileInside = radius - Math.hypot(qx, qy);
    const tileAlpha = maskable ? 1 : coverage(Math.min(tileInside, x - inset, y - inset));
    const markDistance = Math.min(
      distanceToSegment(x, y, ax, ay, bx, by),
      distanceToSegment(x, y, bx, by, cx, cy),
    );
    const colour = blend(theme, white, coverage(stroke / 2 - markDistance));
    return [...colour, Math.round(255 * tileAlpha)];
  };
}

/** Returns the pixels of the "New task" shortcut icon: a plus sign on the paper colour. */
function plusPixels(size) {
  const scale = size / 100;
  const stroke = 10 * scale;
  return (x, y) => {
    const distance = Math.min(
      distanceToSegment(x, y, 30 * scale, 50 * scale, 70 * scale, 50 * scale),
      distanceToSegment(x, y, 50 * scale, 30 * scale, 50 * scale, 70 * scale),
    );
    return [...blend(paper, theme, coverage(stroke / 2 - distance)), 255];
  };
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img">
  <title>Fehrist</title>
  <rect x="4" y="4" width="92" height="92" rx="22" fill="#1f6f5c"/>
  <path d="M31.6 51.6 44.4 64.4 69.2 37.2" fill="none" stroke="#fff" stroke-width="7.2"
    stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;

mkdirSync(outDir, { recursive: true });
const files = {
  'icon-192.png': encodePng(192, iconPixels(192, { maskable: false })),
  'icon-512.png': encodePng(512, iconPixels(512, { maskable: false })),
  'maskable-512.png': encodePng(512, iconPixels(512, { maskable: true })),
  'apple-touch-icon.png': encodePng(180, iconPixels(180, { maskable: true })),
  'shortcut-new-96.png': encodePng(96, plusPixels(96)),
  'icon.svg': svg,
};
for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(outDir, name), content);
  console.log(`wrote ${join('public', 'icons', name)} (${content.length} bytes)`);
}
