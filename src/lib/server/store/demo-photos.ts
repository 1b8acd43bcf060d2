// Pictures for the demo stores, painted pixel by pixel at seed time (no image files in the
// repository, no other host): oranges on leaves, strips of dried yak beef on a board, a jar of
// honey, highland barley, and two landscapes for the covers. Raw RGB → JPEG with sharp, then the
// same processing as any upload.
import sharp from 'sharp';

export type DemoPicture = 'oranges' | 'orangeBox' | 'orangeHoney' | 'yakBeef' | 'honey' | 'barley' | 'mountainCover' | 'orchardCover';

/** The picture's size; painters draw in these coordinates. */
const WIDTH = 960;
const HEIGHT = 720;
/** Painted at a third of that (9× fewer pixels: seeding stays quick), then smoothly enlarged by sharp. */
const SCALE = 3;
const W = WIDTH / SCALE;
const H = HEIGHT / SCALE;

type Rgb = [number, number, number];

/** A small deterministic noise source, so demo pictures are the same on every machine. */
function noise(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 1000) / 1000 - 0.5;
  };
}

/** Pixels at 1/SCALE resolution; every method takes full-size coordinates. */
class Canvas {
  readonly data = new Uint8Array(W * H * 3);

  fill(color: (x: number, y: number) => Rgb): void {
    for (let y = 0; y < H; y += 1) {
      for (let x = 0; x < W; x += 1) this.put(x, y, color(x * SCALE, y * SCALE));
    }
  }

  private put(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    const i = (y * W + x) * 3;
    this.data[i] = clamp(r);
    this.data[i + 1] = clamp(g);
    this.data[i + 2] = clamp(b);
  }

  /** A shaded ball: lighter towards the top left, darker at the rim. */
  ball(cx: number, cy: number, radius: number, base: Rgb, rand: () => number): void {
    for (let y = Math.floor((cy - radius) / SCALE); y <= (cy + radius) / SCALE; y += 1) {
      for (let x = Math.floor((cx - radius) / SCALE); x <= (cx + radius) / SCALE; x += 1) {
        const dx = x * SCALE - cx;
        const dy = y * SCALE - cy;
        const d = Math.hypot(dx, dy) / radius;
        if (d > 1) continue;
        const light = 1.15 - 0.55 * d - 0.25 * ((dx + dy) / (2 * radius));
        const grain = 1 + rand() * 0.06;
        this.put(x, y, [base[0] * light * grain, base[1] * light * grain, base[2] * light * grain]);
      }
    }
  }

  rect(x0: number, y0: number, w: number, h: number, color: (x: number, y: number) => Rgb): void {
    for (let y = Math.max(0, Math.ceil(y0 / SCALE)); y < Math.min(H, (y0 + h) / SCALE); y += 1) {
      for (let x = Math.max(0, Math.ceil(x0 / SCALE)); x < Math.min(W, (x0 + w) / SCALE); x += 1) this.put(x, y, color(x * SCALE - x0, y * SCALE - y0));
    }
  }
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function leaves(canvas: Canvas, rand: () => number): void {
  canvas.fill((x, y) => {
    const wave = Math.sin(x / 37 + Math.sin(y / 53) * 2) * 0.5 + 0.5;
    return mix([34, 82, 38], [78, 128, 52], wave * 0.8 + rand() * 0.1);
  });
}

function paintOranges(canvas: Canvas, rand: () => number, count: number): void {
  leaves(canvas, rand);
  for (let i = 0; i < count; i += 1) {
    const cx = 140 + ((i * 233) % 700) + rand() * 40;
    const cy = 150 + ((i * 157) % 440) + rand() * 40;
    canvas.ball(cx, cy, 95 + rand() * 30, [245, 140, 30], rand);
    canvas.ball(cx + 10, cy - 70, 9, [70, 110, 40], rand);
  }
}

function paintBox(canvas: Canvas, rand: () => number): void {
  canvas.fill((_x, y) => mix([225, 215, 195], [200, 188, 165], y / HEIGHT + rand() * 0.05));
  canvas.rect(120, 260, 720, 380, (x, y) => mix([176, 128, 74], [150, 104, 58], (y / 380) + rand() * 0.08 + (x % 120 < 3 ? 0.3 : 0)));
  for (let i = 0; i < 6; i += 1) canvas.ball(210 + i * 110 + rand() * 10, 250 + (i % 2) * 20, 70, [245, 140, 30], rand);
}

function paintYakBeef(canvas: Canvas, rand: () => number): void {
  canvas.fill((x, y) => {
    const grain = Math.sin(y / 6 + Math.sin(x / 90) * 3) * 0.5 + 0.5;
    return mix([150, 104, 62], [190, 140, 90], grain * 0.6 + rand() * 0.1);
  });
  for (let i = 0; i < 7; i += 1) {
    const x0 = 90 + i * 115;
    canvas.rect(x0, 110 + (i % 3) * 25, 80, 480, (x, y) => {
      const edge = Math.min(x, 79 - x, y, 479 - y) < 6 ? 0.7 : 1;
      const marble = Math.sin(y / 11 + x / 7 + i) > 0.85 ? 1.5 : 1;
      return [92 * edge * marble + rand() * 12, 38 * edge * marble + rand() * 6, 28 * edge + rand() * 6];
    });
  }
}

function paintHoney(canvas: Canvas, rand: () => number, amber: Rgb): void {
  canvas.fill((_x, y) => mix([238, 226, 200], [214, 196, 160], y / HEIGHT + rand() * 0.04));
  canvas.rect(310, 220, 340, 420, (x) => {
    const shade = 0.75 + 0.45 * Math.sin((x / 340) * Math.PI);
    const glint = x > 60 && x < 85 ? 1.35 : 1;
    return [amber[0] * shade * glint, amber[1] * shade * glint, amber[2] * shade];
  });
  canvas.rect(295, 160, 370, 70, (_x, y) => mix([120, 60, 30], [90, 40, 20], y / 70 + rand() * 0.1));
  canvas.rect(360, 360, 240, 120, (_x, y) => mix([250, 246, 236], [235, 228, 210], y / 120));
}

function paintBarley(canvas: Canvas, rand: () => number): void {
  canvas.fill((_x, y) => mix([120, 170, 220], [230, 200, 120], Math.min(1, y / 260) + rand() * 0.03));
  for (let i = 0; i < 1400; i += 1) {
    const x = Math.floor((rand() + 0.5) * WIDTH);
    const y = 230 + Math.floor((rand() + 0.5) * (HEIGHT - 230));
    canvas.ball(x, y, 6 + rand() * 4, [214, 176, 84], rand);
  }
}

function paintMountains(canvas: Canvas, rand: () => number): void {
  canvas.fill((x, y) => {
    const ridge1 = 260 + Math.sin(x / 140) * 70 + Math.sin(x / 47) * 20;
    const ridge2 = 400 + Math.sin(x / 90 + 1) * 40;
    if (y < ridge1) return mix([110, 160, 225], [200, 225, 245], y / ridge1);
    if (y < ridge1 + 24) return [236, 240, 246];
    if (y < ridge2) return mix([96, 110, 124], [70, 86, 96], (y - ridge1) / (ridge2 - ridge1) + rand() * 0.05);
    return mix([92, 140, 60], [60, 104, 40], (y - ridge2) / (HEIGHT - ridge2) + rand() * 0.08);
  });
  for (let i = 0; i < 9; i += 1) canvas.ball(100 + i * 95 + rand() * 30, 560 + rand() * 90, 16, [40, 34, 30], rand);
}

function paintOrchard(canvas: Canvas, rand: () => number): void {
  canvas.fill((_x, y) => (y < 220 ? mix([130, 180, 230], [215, 232, 245], y / 220) : mix([110, 150, 60], [80, 120, 45], (y - 220) / 500 + rand() * 0.06)));
  for (let row = 0; row < 3; row += 1) {
    for (let i = 0; i < 7; i += 1) {
      const cx = 70 + i * 140 + row * 40;
      const cy = 300 + row * 140;
      canvas.ball(cx, cy, 70 - row * 6, [50, 110, 45], rand);
      for (let k = 0; k < 6; k += 1) canvas.ball(cx + rand() * 90, cy + rand() * 80, 9, [245, 140, 30], rand);
    }
  }
}

/** One demo picture as JPEG bytes (the kind of file a phone camera would upload). */
export async function paintDemoPicture(picture: DemoPicture, seed: number): Promise<Buffer> {
  const canvas = new Canvas();
  const rand = noise(seed);
  switch (picture) {
    case 'oranges':
      paintOranges(canvas, rand, 7);
      break;
    case 'orangeBox':
      paintBox(canvas, rand);
      break;
    case 'orangeHoney':
      paintHoney(canvas, rand, [235, 150, 40]);
      break;
    case 'yakBeef':
      paintYakBeef(canvas, rand);
      break;
    case 'honey':
      paintHoney(canvas, rand, [214, 140, 30]);
      break;
    case 'barley':
      paintBarley(canvas, rand);
      break;
    case 'mountainCover':
      paintMountains(canvas, rand);
      break;
    case 'orchardCover':
      paintOrchard(canvas, rand);
      break;
  }
  return sharp(canvas.data, { raw: { width: W, height: H, channels: 3 } })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .jpeg({ quality: 85 })
    .toBuffer();
}
