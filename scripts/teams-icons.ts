/**
 * Generates the two Teams app icons (appPackage/color.png and appPackage/outline.png) with pngjs.
 *
 *   npx tsx scripts/teams-icons.ts
 *
 * The shape is a graduation cap (mortarboard, cap band and tassel) drawn from polygons in a unit
 * square and anti-aliased by supersampling, so the output is deterministic. The PNGs are committed;
 * test/teams checks that the committed files still equal what this script renders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';

/** Background of the colour icon; also the manifest's accentColor. */
export const ACCENT_COLOR = '#232F3E';
/** The tassel on the colour icon. */
export const TASSEL_COLOR = '#FF9900';
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];

/** Supersampling grid per pixel (SAMPLES x SAMPLES). */
const SAMPLES = 4;

/** The mortarboard: a flat diamond seen from the front. */
const BOARD: readonly Point[] = [
  [0.08, 0.38],
  [0.5, 0.2],
  [0.92, 0.38],
  [0.5, 0.56],
];
/** The cap band under the board, following the board's lower edges with a gap. */
const BAND: readonly Point[] = [
  [0.27, 0.5],
  [0.5, 0.6],
  [0.73, 0.5],
  [0.73, 0.68],
  [0.5, 0.78],
  [0.27, 0.68],
];
/** The tassel cord hanging from the right corner of the board. */
const CORD: readonly Point[] = [
  [0.855, 0.4],
  [0.905, 0.4],
  [0.905, 0.64],
  [0.855, 0.64],
];
/** The tassel end. */
const TASSEL_END: readonly Point[] = [
  [0.84, 0.62],
  [0.92, 0.62],
  [0.94, 0.74],
  [0.82, 0.74],
];

function insidePolygon(x: number, y: number, poly: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Fraction (0..1) of a pixel covered by any of the polygons. */
function coverage(px: number, py: number, size: number, polys: readonly (readonly Point[])[]): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SAMPLES) / size;
      const y = (py + (sy + 0.5) / SAMPLES) / size;
      if (polys.some((p) => insidePolygon(x, y, p))) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

export function hexToRgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`teams-icons: not a #rrggbb colour: "${hex}"`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}

/** 192x192, opaque: white cap with an orange tassel on the solid accent background. */
export function renderColorIcon(size = COLOR_ICON_SIZE): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const bg = hexToRgb(ACCENT_COLOR);
  const white: Rgb = [255, 255, 255];
  const tassel = hexToRgb(TASSEL_COLOR);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let c = mix(bg, white, coverage(x, y, size, [BOARD, BAND]));
      c = mix(c, tassel, coverage(x, y, size, [CORD, TASSEL_END]));
      const i = (y * size + x) * 4;
      png.data[i] = c[0];
      png.data[i + 1] = c[1];
      png.data[i + 2] = c[2];
      png.data[i + 3] = 255;
    }
  }
  return png;
}

/** 32x32: the same cap in white only; the background is fully transparent, edges use alpha. */
export function renderOutlineIcon(size = OUTLINE_ICON_SIZE): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = Math.round(255 * coverage(x, y, size, [BOARD, BAND, CORD, TASSEL_END]));
      const i = (y * size + x) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = a;
    }
  }
  return png;
}

export function writeIcons(dir: string): { color: string; outline: string } {
  const color = path.join(dir, 'color.png');
  const outline = path.join(dir, 'outline.png');
  fs.writeFileSync(color, PNG.sync.write(renderColorIcon(), { colorType: 6 }));
  fs.writeFileSync(outline, PNG.sync.write(renderOutlineIcon(), { colorType: 6 }));
  return { color, outline };
}

if (require.main === module) {
  const out = writeIcons(path.resolve(__dirname, '..', 'appPackage'));
  console.log(`teams-icons: wrote ${out.color} and ${out.outline}`);
}
