/**
 * The project's own realistic capture set (issue 11), made at test/bench time with sharp from the
 * product's specimen renderers: no third-party image, no real person. Each case is a scan or a
 * "photo" of a specimen (rendered as is, printed on white paper, on textured or cluttered desks, in
 * perspective, turned 0/7/15/90°, with glare spots over the photo, the names or the MRZ, blurred,
 * under low light, small in the frame) or a page of text with no document, with the verdict a
 * careful operator would give and the document's true corners.
 *
 * Expected verdicts follow from what was done to the picture, not from the pipeline's figures:
 * clean → ok; glare over a data zone, blur that smears text, low light → retake; a soft focus or a
 * document too small for 250 dpi → warn; no document → warn (no_card_found).
 */
import sharp from 'sharp';
import type { DocumentKind } from '../../src/shared/domain/documents';
import type { QualityReason, QualityVerdict } from '../../src/shared/ipc/devices';
import { homography, project, type Point, type Quad } from '../../src/main/imaging/geometry';
import { renderIdBack, renderIdFront, renderPassport, specimenPerson } from '../../src/main/specimens';
import { passportMrz } from '../../src/main/specimens/passport';
import { seeded } from './seeded';

export interface CaptureCase {
  name: string;
  kind: DocumentKind;
  origin: 'scanner' | 'camera' | 'file';
  bytes: Buffer;
  expected: { verdict: QualityVerdict; reason?: QualityReason; corners: Quad | null };
  /** Passports: the MRZ printed on the page. */
  mrz?: [string, string];
  /** Where the set's truth is less certain (documented per case). */
  note?: string;
}

export interface Raster {
  data: Buffer;
  width: number;
  height: number;
}

async function raw(bytes: Buffer): Promise<Raster> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export type Background = 'white-paper' | 'scanner-lid' | 'wood' | 'cluttered' | 'dark-desk';

/** A background of the given kind (deterministic for a seed). */
export async function sceneBackground(
  kind: Background,
  width: number,
  height: number,
  seed: number,
): Promise<Raster> {
  const rnd = seeded(seed);
  const data = Buffer.alloc(width * height * 3);
  if (kind === 'cluttered') {
    // A desk with papers, pens, a keyboard edge and printed forms: straight edges everywhere.
    const shapes: string[] = [];
    const colours = ['#d9d4c7', '#f2f2ee', '#3b4a5a', '#8a5a3c', '#c23b22', '#2f6f4f', '#eadfb4', '#555'];
    for (let i = 0; i < 26; i++) {
      const w = (0.05 + rnd() * 0.35) * width;
      const h = (0.03 + rnd() * 0.3) * height;
      const x = rnd() * width - w / 3;
      const y = rnd() * height - h / 3;
      const a = (rnd() - 0.5) * 70;
      const fill = colours[Math.floor(rnd() * colours.length)]!;
      shapes.push(
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" transform="rotate(${a} ${x + w / 2} ${y + h / 2})"/>`,
      );
      if (rnd() < 0.5) {
        for (let l = 0; l < 6; l++) {
          shapes.push(
            `<rect x="${x + w * 0.1}" y="${y + h * (0.15 + l * 0.12)}" width="${w * (0.4 + rnd() * 0.4)}" height="${Math.max(2, h * 0.03)}" fill="#444" transform="rotate(${a} ${x + w / 2} ${y + h / 2})"/>`,
          );
        }
      }
    }
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#7d705f"/>${shapes.join('')}</svg>`;
    const r = await raw(await sharp(Buffer.from(svg)).png().toBuffer());
    for (let i = 0; i < r.data.length; i++)
      r.data[i] = Math.max(0, Math.min(255, r.data[i]! + (rnd() - 0.5) * 12));
    return r;
  }
  const base: Record<Exclude<Background, 'cluttered'>, [number, number, number]> = {
    'white-paper': [244, 243, 238],
    'scanner-lid': [250, 250, 250],
    wood: [150, 104, 64],
    'dark-desk': [52, 54, 58],
  };
  const [r0, g0, b0] = base[kind];
  const grainPhase = rnd() * 10;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let shade = (rnd() - 0.5) * (kind === 'scanner-lid' ? 3 : 10);
      if (kind === 'wood')
        shade += 28 * Math.sin(y * 0.045 + Math.sin(x * 0.004 + grainPhase) * 6) + 10 * Math.sin(y * 0.31);
      if (kind === 'white-paper') shade += 4 * Math.sin(x * 0.7 + y * 0.3);
      const i = (y * width + x) * 3;
      data[i] = Math.max(0, Math.min(255, r0 + shade));
      data[i + 1] = Math.max(0, Math.min(255, g0 + shade * 0.9));
      data[i + 2] = Math.max(0, Math.min(255, b0 + shade * 0.8));
    }
  }
  return { data, width, height };
}

/** Draws `doc` into `scene` so that its corners land on `corners` (TL, TR, BR, BL), bilinear. */
export function placeDocument(scene: Raster, doc: Raster, corners: Quad): void {
  const h = homography(corners, [
    { x: 0, y: 0 },
    { x: doc.width, y: 0 },
    { x: doc.width, y: doc.height },
    { x: 0, y: doc.height },
  ]);
  if (!h) throw new Error('bad corners');
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(scene.width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(scene.height - 1, Math.ceil(Math.max(...ys)));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const p = project(h, { x: x + 0.5, y: y + 0.5 });
      const u = p.x - 0.5;
      const v = p.y - 0.5;
      if (u < -0.5 || v < -0.5 || u > doc.width - 0.5 || v > doc.height - 0.5) continue;
      const ux = Math.min(doc.width - 1, Math.max(0, Math.floor(u)));
      const vy = Math.min(doc.height - 1, Math.max(0, Math.floor(v)));
      const fx = Math.min(1, Math.max(0, u - ux));
      const fy = Math.min(1, Math.max(0, v - vy));
      const ux1 = Math.min(doc.width - 1, ux + 1);
      const vy1 = Math.min(doc.height - 1, vy + 1);
      const o = (y * scene.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const a = doc.data[(vy * doc.width + ux) * 3 + c]!;
        const b = doc.data[(vy * doc.width + ux1) * 3 + c]!;
        const d = doc.data[(vy1 * doc.width + ux) * 3 + c]!;
        const e = doc.data[(vy1 * doc.width + ux1) * 3 + c]!;
        scene.data[o + c] = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
      }
    }
  }
}

/** Corners of a w×h document centred at (cx, cy), turned `degrees` clockwise, with a keystone. */
export function cornersFor(
  cx: number,
  cy: number,
  w: number,
  h: number,
  degrees: number,
  keystone = 0,
): Quad {
  const a = (degrees * Math.PI) / 180;
  // keystone > 0: the top edge is shorter (camera tilted towards the bottom of the document).
  const local: Point[] = [
    { x: -w / 2 + (keystone * w) / 2, y: -h / 2 },
    { x: w / 2 - (keystone * w) / 2, y: -h / 2 },
    { x: w / 2, y: h / 2 },
    { x: -w / 2, y: h / 2 },
  ];
  return local.map((p) => ({
    x: cx + p.x * Math.cos(a) - p.y * Math.sin(a),
    y: cy + p.x * Math.sin(a) + p.y * Math.cos(a),
  })) as Quad;
}

/** A glare spot: saturated core of radius r, halo to 2r, at (x, y) in the scene. */
function glareSvg(width: number, height: number, spots: { x: number; y: number; r: number }[]): Buffer {
  const parts = spots
    .map(
      (s, i) =>
        `<radialGradient id="g${i}" cx="${s.x}" cy="${s.y}" r="${2 * s.r}" gradientUnits="userSpaceOnUse">` +
        `<stop offset="0" stop-color="#fff" stop-opacity="1"/><stop offset="0.5" stop-color="#fff" stop-opacity="1"/>` +
        `<stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>` +
        `<circle cx="${s.x}" cy="${s.y}" r="${2 * s.r}" fill="url(#g${i})"/>`,
    )
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts}</svg>`,
  );
}

interface SceneSpec {
  name: string;
  doc: 'front' | 'back' | 'passport';
  person?: string;
  background: Background;
  frame: { width: number; height: number };
  /** Document width in the scene as a share of the frame width. */
  docShare: number;
  degrees: number;
  keystone?: number;
  /** Glare spots in document coordinates (shares of its width/height) and radius (share of width). */
  glare?: { u: number; v: number; r: number }[];
  blur?: number;
  dim?: number;
  /** 'file': a page a multifunction printer scanned to the watched folder (its density written). */
  origin: 'scanner' | 'camera' | 'file';
  /** False: the file states no resolution (JFIF's default 72 dpi), as many phone and editor exports. */
  statesDensity?: false;
  /** Where the document's centre lies, as shares of the frame (default: the frame's centre). */
  centre?: { u: number; v: number };
  expected: { verdict: QualityVerdict; reason?: QualityReason };
  printed?: boolean;
  note?: string;
}

async function renderDoc(which: SceneSpec['doc'], person: string): Promise<Raster> {
  const p = specimenPerson(person);
  const render = which === 'passport' ? renderPassport : which === 'back' ? renderIdBack : renderIdFront;
  return raw((await render(p, { format: 'png' })).bytes);
}

/** Printed on an office printer: a little less contrast, warmer paper, a faint dot texture. */
function printLike(doc: Raster, seed: number): Raster {
  const rnd = seeded(seed);
  const data = Buffer.alloc(doc.data.length);
  for (let i = 0; i < data.length; i += 3) {
    const n = (rnd() - 0.5) * 10;
    data[i] = Math.min(255, Math.max(0, 18 + doc.data[i]! * 0.9 + n));
    data[i + 1] = Math.min(255, Math.max(0, 16 + doc.data[i + 1]! * 0.9 + n));
    data[i + 2] = Math.min(255, Math.max(0, 10 + doc.data[i + 2]! * 0.88 + n));
  }
  return { data, width: doc.width, height: doc.height };
}

async function scene(spec: SceneSpec, seed: number): Promise<CaptureCase> {
  const person = spec.person ?? 'amira';
  let doc = await renderDoc(spec.doc, person);
  if (spec.printed) doc = printLike(doc, seed);
  const { width, height } = spec.frame;
  const bg = await sceneBackground(spec.background, width, height, seed);
  const w = spec.docShare * width;
  const h = (w * doc.height) / doc.width;
  const cx = (spec.centre?.u ?? 0.5) * width;
  const cy = (spec.centre?.v ?? 0.5) * height;
  const corners = cornersFor(cx, cy, w, h, spec.degrees, spec.keystone ?? 0);
  if (spec.doc === 'passport' && !spec.printed) {
    // A data page lies in its booklet: the cover shows 1.5 mm around it (a page alone has no edge
    // against white paper where its MRZ band is white).
    const m = (1.5 / 125) * w;
    placeDocument(
      bg,
      {
        data: Buffer.alloc(12, 0).fill(60, 0, 1).fill(60, 3, 4).fill(60, 6, 7).fill(60, 9, 10),
        width: 2,
        height: 2,
      },
      cornersFor(cx, cy, w + 2 * m, h + 2 * m, spec.degrees, spec.keystone ?? 0),
    );
  }
  placeDocument(bg, doc, corners);
  let image = sharp(bg.data, { raw: { width, height, channels: 3 } });
  if (spec.glare?.length) {
    const hm = homography(
      [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 1, y: 1 },
        { x: 0, y: 1 },
      ],
      corners,
    )!;
    const spots = spec.glare.map((g) => ({ ...project(hm, { x: g.u, y: g.v }), r: g.r * w }));
    const flat = await image.png().toBuffer();
    image = sharp(flat).composite([{ input: glareSvg(width, height, spots) }]);
  }
  if (spec.blur || spec.dim) {
    const flat = await image.png().toBuffer();
    image = sharp(flat);
    if (spec.blur) image = image.blur(spec.blur);
    if (spec.dim) image = image.linear(spec.dim, 4);
  }
  const bytes =
    spec.origin === 'camera'
      ? await image.jpeg({ quality: 88 }).toBuffer()
      : spec.statesDensity === false
        ? await image.jpeg({ quality: 92 }).toBuffer()
        : await image.withMetadata({ density: 300 }).jpeg({ quality: 92 }).toBuffer();
  return {
    name: spec.name,
    kind: spec.doc === 'passport' ? 'passport_page' : 'id1_card',
    origin: spec.origin,
    bytes,
    expected: { ...spec.expected, corners },
    ...(spec.doc === 'passport' ? { mrz: passportMrz(specimenPerson(person)) } : {}),
    ...(spec.note ? { note: spec.note } : {}),
  };
}

/** A printed page of text filling the frame: no document outline anywhere. */
async function textPage(width: number, height: number): Promise<CaptureCase> {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const words = 'The branch will be closed on the national holiday; customers may use the cash machines.';
    lines.push(
      `<text x="${width * 0.02}" y="${(i + 1) * (height / 38)}" font-family="DejaVu Serif" font-size="${height / 55}" fill="#222">${words.slice(0, 40 + ((i * 7) % 45))}</text>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#efede6"/>${lines.join('')}</svg>`;
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
  return {
    name: 'text page, no document',
    kind: 'id1_card',
    origin: 'camera',
    bytes,
    expected: { verdict: 'warn', reason: 'no_card_found', corners: null },
  };
}

/** A specimen as the simulated scanner delivers it: the document is the whole image. */
async function rendered(which: SceneSpec['doc'], person: string): Promise<CaptureCase> {
  const p = specimenPerson(person);
  const render = which === 'passport' ? renderPassport : which === 'back' ? renderIdBack : renderIdFront;
  const doc = await render(p);
  const corners: Quad = [
    { x: 0, y: 0 },
    { x: doc.width, y: 0 },
    { x: doc.width, y: doc.height },
    { x: 0, y: doc.height },
  ];
  return {
    name: `rendered ${which} (${person})`,
    kind: which === 'passport' ? 'passport_page' : 'id1_card',
    origin: 'scanner',
    bytes: doc.bytes,
    expected: { verdict: 'ok', corners },
    ...(which === 'passport' ? { mrz: passportMrz(p) } : {}),
  };
}

const CAMERA = { width: 2400, height: 1800 };
/** A 300 dpi flatbed scan of a 150 × 110 mm area. */
const SCAN = { width: 1772, height: 1300 };
/** A whole A4 page (210 × 297 mm) at 300 dpi, portrait. */
const A4_PAGE = { width: 2480, height: 3508 };

/**
 * A whole A4 page from a multifunction printer's scan to the watched folder, 300 dpi stated, the
 * document laid in the glass's corner, 1° off: a passport and an ID card front; and the passport's
 * page again from a file that states no resolution. A4 (1:1.414) has a passport page's proportions
 * (125 × 88 mm, 1:1.42): the page is not the passport.
 */
function a4PageSpecs(): SceneSpec[] {
  const page = (doc: 'passport' | 'front', statesDensity: boolean, background: Background): SceneSpec => {
    const docShare = (doc === 'passport' ? 1476 : 1011) / A4_PAGE.width;
    const lid = background === 'scanner-lid' ? '' : ` on a ${background} lid`;
    return {
      name: statesDensity
        ? `${doc} on a whole A4 page${lid} scanned to the watched folder`
        : `${doc} on a whole A4 page${lid}, no resolution stated`,
      doc,
      background,
      frame: A4_PAGE,
      docShare,
      centre: { u: 0.02 + docShare / 2, v: doc === 'passport' ? 0.17 : 0.1 },
      degrees: 1,
      origin: 'file',
      ...(statesDensity ? {} : { statesDensity: false as const }),
      expected: { verdict: 'ok' },
    };
  };
  return [
    page('passport', true, 'scanner-lid'),
    page('front', true, 'scanner-lid'),
    page('passport', false, 'scanner-lid'),
    page('passport', false, 'wood'),
  ];
}

/** The names of the whole-A4-page scenes (`a4PageSpecs`), for `buildCaptureCase`. */
export function a4PageCaseNames(): string[] {
  return a4PageSpecs().map((spec) => spec.name);
}

/** Every case of the set, generated in order (deterministic). */
export async function buildCaptureSet(options: { small?: boolean } = {}): Promise<CaptureCase[]> {
  const specs = captureSpecs();
  const selected = options.small ? specs.filter((_, i) => i % 4 === 0) : specs;
  const cases: CaptureCase[] = [];
  for (const who of ['amira', 'karim', 'hoda']) {
    cases.push(await rendered('front', who), await rendered('back', who), await rendered('passport', who));
  }
  for (let i = 0; i < selected.length; i++) cases.push(await scene(selected[i]!, 1000 + i));
  cases.push(await textPage(CAMERA.width, CAMERA.height));
  return cases;
}

/** One scene of the whole set by its name, rendered exactly as `buildCaptureSet()` renders it. */
export async function buildCaptureCase(name: string): Promise<CaptureCase> {
  const specs = captureSpecs();
  const index = specs.findIndex((spec) => spec.name === name);
  if (index < 0) throw new Error(`no scene named ${name}`);
  return scene(specs[index]!, 1000 + index);
}

/** The scenes of the set, in order (their index gives each its seed). */
function captureSpecs(): SceneSpec[] {
  const ok = { verdict: 'ok' as const };
  const glareRetake = { verdict: 'retake' as const, reason: 'glare' as const };
  const specs: SceneSpec[] = [];
  const scanShare = (doc: SceneSpec['doc']): number => (doc === 'passport' ? 1476 : 1011) / SCAN.width;
  for (const doc of ['front', 'back', 'passport'] as const) {
    for (const degrees of [0, 7]) {
      specs.push({
        name: `${doc} scanned on the lid, ${degrees}°`,
        doc,
        background: 'scanner-lid',
        frame: SCAN,
        docShare: scanShare(doc),
        degrees,
        origin: 'scanner',
        expected: ok,
      });
    }
    specs.push({
      name: `${doc} printed on white paper, scanned`,
      doc,
      background: 'white-paper',
      frame: SCAN,
      docShare: scanShare(doc) * 0.98,
      degrees: 2,
      origin: 'scanner',
      expected: ok,
      printed: true,
    });
  }
  const share = (doc: SceneSpec['doc']): number => (doc === 'passport' ? 0.66 : 0.55);
  const photo = (name: string, doc: SceneSpec['doc'], extra: Partial<SceneSpec>): SceneSpec => ({
    name,
    doc,
    background: 'wood',
    frame: CAMERA,
    docShare: share(doc),
    degrees: 0,
    origin: 'camera',
    expected: ok,
    ...extra,
  });
  for (const doc of ['front', 'passport'] as const) {
    for (const bg of ['white-paper', 'wood', 'cluttered', 'dark-desk'] as const) {
      for (const degrees of [0, 7, 15]) {
        specs.push(
          photo(`${doc} photo on ${bg}, ${degrees}°`, doc, {
            background: bg,
            degrees,
            keystone: degrees === 15 ? 0.08 : 0.04,
          }),
        );
      }
    }
    specs.push(photo(`${doc} photo turned 90°`, doc, { background: 'wood', degrees: 90 }));
    specs.push(
      photo(`${doc} photo in strong perspective`, doc, {
        background: 'cluttered',
        degrees: 4,
        keystone: 0.15,
      }),
    );
    specs.push(
      photo(`${doc} photo, out of focus`, doc, {
        blur: 6,
        expected: { verdict: 'retake', reason: 'blurry' },
      }),
    );
    specs.push(
      photo(`${doc} photo, low light`, doc, {
        dim: 0.22,
        background: 'dark-desk',
        expected: { verdict: 'retake', reason: 'too_dark' },
      }),
    );
    specs.push(
      photo(`${doc} photo, card at 20 % of the frame`, doc, {
        docShare: 0.2,
        background: 'white-paper',
        expected: { verdict: 'retake', reason: 'low_resolution' },
      }),
    );
  }
  // Glare spots of several sizes over the photo, the names/number and the MRZ.
  const zonesFront = {
    photo: { u: 0.14, v: 0.33 },
    name: { u: 0.72, v: 0.35 },
    number: { u: 0.72, v: 0.91 },
  };
  const zonesPassport = { photo: { u: 0.14, v: 0.3 }, name: { u: 0.4, v: 0.3 }, mrz: { u: 0.5, v: 0.89 } };
  for (const r of [0.025, 0.05, 0.09]) {
    for (const [zone, at] of Object.entries(zonesFront)) {
      specs.push(
        photo(`front photo, glare r=${r} over the ${zone}`, 'front', {
          background: 'dark-desk',
          degrees: 3,
          glare: [{ ...at, r }],
          expected: glareRetake,
        }),
      );
    }
    for (const [zone, at] of Object.entries(zonesPassport)) {
      specs.push(
        photo(`passport photo, glare r=${r} over the ${zone}`, 'passport', {
          background: 'wood',
          degrees: 3,
          glare: [{ ...at, r }],
          expected: glareRetake,
        }),
      );
    }
  }
  specs.push(...a4PageSpecs());
  // A 16:10 camera (1920 × 1200, 1.6) has an ID-1 card's proportions (1.586): its whole frame is
  // not the card.
  specs.push(
    photo('front photo in a 16:10 frame on wood', 'front', {
      frame: { width: 1920, height: 1200 },
      degrees: 3,
    }),
  );
  return specs;
}
