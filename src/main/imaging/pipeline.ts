/**
 * The whole imaging path for one capture: hostile-input intake → normalise (find, straighten and
 * crop the card) → quality figures and verdict → encode for the target. Every source (SANE, eSCL,
 * watched folder, imported file, simulated scanner) goes through here.
 */
import type { ProcessedImage } from '../../shared/ipc/devices';
import { encodeFor } from './encode';
import type { ImageOrigin } from './formats';
import { DEFAULT_INTAKE_LIMITS, intakeImage, type IntakeLimits } from './intake';
import { normalise } from './normalise';
import type { EncodeTarget } from './provider-limits';
import { judge, measureImage, type QualityThresholds } from './quality';

export interface ProcessOptions {
  origin: ImageOrigin;
  /** Provider whose limits the output must fit; 'archive' (the default) is what the kiosk stores. */
  target?: EncodeTarget;
  preferPng?: boolean;
  /** False for pictures that are not of a document (a selfie): no card finding, no crop. */
  document?: boolean;
  limits?: IntakeLimits;
  thresholds?: QualityThresholds;
}

/** Cameras and many editors write 72 or 96 dpi whatever the picture is: not a measurement. */
const MEANINGLESS_DENSITY = 96;

export async function processImage(bytes: Uint8Array, options: ProcessOptions): Promise<ProcessedImage> {
  const intake = await intakeImage(bytes, options.origin, options.limits ?? DEFAULT_INTAKE_LIMITS);
  const normalised =
    options.document === false
      ? { image: intake.image, cardFound: true, document: null, deskewDegrees: 0 }
      : await normalise(intake.image);
  const figures = await measureImage(normalised.image);

  let dpi: number | null = null;
  let dpiSource: ProcessedImage['quality']['figures']['dpiSource'] = 'none';
  const { image, document } = normalised;
  if (document) {
    const longPx = Math.max(image.width, image.height) / intake.scale;
    dpi = Math.round(longPx / (document.long / 25.4));
    dpiSource = 'card';
  } else if (intake.density !== null && intake.density > MEANINGLESS_DENSITY) {
    dpi = Math.round(intake.density);
    dpiSource = 'metadata';
  }
  const verdict = judge({ figures, dpi, cardFound: normalised.cardFound }, options.thresholds);
  const encoded = await encodeFor(image, options.target ?? 'archive', {
    preferPng: options.preferPng ?? false,
  });
  const round = (n: number, digits = 4): number => Number(n.toFixed(digits));
  return {
    bytes: encoded.bytes,
    mime: encoded.mime,
    width: encoded.width,
    height: encoded.height,
    sha256: encoded.sha256,
    quality: {
      ...verdict,
      figures: {
        width: image.width,
        height: image.height,
        dpi,
        dpiSource,
        blur: round(figures.blur, 1),
        brightness: round(figures.brightness, 1),
        glareFraction: round(figures.glareFraction),
        darkFraction: round(figures.darkFraction),
        cardFound: normalised.cardFound,
        deskewDegrees: round(normalised.deskewDegrees, 2),
      },
    },
  };
}
