/**
 * Draws the Teams app icons (a speech bubble with a gauge of red, grey and green: detractors,
 * passives, promoters) as PNGs: color.png 192×192 on a filled background, outline.png 32×32
 * white on transparent, as the Teams manifest requires.  Run: npx tsx scripts/teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

type Pixel = [number, number, number, number];

function png(size: number, paint: (x: number, y: number) => Pixel): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(paint(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Where a point falls in the drawing, in units of the icon's size (0..1). */
function shapeAt(u: number, v: number): 'bubble' | 'tail' | 'detractor' | 'passive' | 'promoter' | 'none' {
  const dx = u - 0.5;
  const dy = v - 0.46;
  const r = Math.hypot(dx, dy);
  if (r < 0.3 && dy < 0.02 && r > 0.18) {
    const angle = Math.atan2(-dy, dx); // 0 (right) .. π (left) over the upper half
    if (angle > (2 * Math.PI) / 3) return 'detractor';
    if (angle > Math.PI / 3) return 'passive';
    return 'promoter';
  }
  const inBubble = Math.abs(dx) < 0.38 && Math.abs(dy - 0.02) < 0.26;
  const inTail = v > 0.7 && v < 0.86 && u > 0.3 && u < 0.3 + (0.86 - v) * 1.2;
  if (inBubble) return 'bubble';
  if (inTail) return 'tail';
  return 'none';
}

const COLOR: Record<ReturnType<typeof shapeAt>, Pixel> = {
  none: [46, 92, 184, 255],
  bubble: [255, 255, 255, 255],
  tail: [255, 255, 255, 255],
  detractor: [214, 69, 65, 255],
  passive: [150, 150, 150, 255],
  promoter: [46, 160, 90, 255],
};

writeFileSync(
  'teams/color.png',
  png(192, (x, y) => COLOR[shapeAt(x / 192, y / 192)]),
);
writeFileSync(
  'teams/outline.png',
  png(32, (x, y) => (shapeAt(x / 32, y / 32) === 'none' ? [0, 0, 0, 0] : [255, 255, 255, 255])),
);
