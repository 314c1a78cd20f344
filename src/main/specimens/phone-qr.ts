/**
 * Training mode's "customer's phone on the glass": a phone whose screen shows the QR code of an
 * ARGOS online application (a web address carrying the submission id, as the kiosk's descriptor
 * expects: src/shared/flows/argos-put-image.ts), laid on a flatbed page. Drawn, never a photo.
 */
import sharp from 'sharp';
import { qrCodeSvg } from './qr-code';

/** The submission the training phone shows; one of the ARGOS simulator's seeded submissions. */
export const TRAINING_PHONE_SUBMISSION = 'training-submission-1';

/** The text of the training phone's QR code (an address on a reserved example domain). */
export function trainingPhoneQrText(submissionId = TRAINING_PHONE_SUBMISSION): string {
  return `https://apply.argos.example/continue?submissionId=${submissionId}`;
}

const MM_PER_INCH = 25.4;

/**
 * An A4 flatbed page at `dpi` with the phone on it (70 × 145 mm, a 40 mm code on its screen), JPEG.
 * `dark`: the screen in dark mode (light modules on black), which readers must also handle.
 */
export async function renderPhoneQrPage(
  dpi: number,
  options: { text?: string; dark?: boolean } = {},
): Promise<Buffer> {
  const px = (mm: number) => Math.round((mm * dpi) / MM_PER_INCH);
  const page = { width: px(210), height: px(297) };
  const phone = { left: px(40), top: px(50), width: px(70), height: px(145) };
  const code = qrCodeSvg(options.text ?? trainingPhoneQrText(), 8);
  const codeSide = px(40);
  let qr = sharp(Buffer.from(code.svg)).resize(codeSide, codeSide, { kernel: 'nearest' });
  if (options.dark) qr = qr.negate({ alpha: false });
  const screen = options.dark ? '#111' : '#fff';
  const body =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${phone.width}" height="${phone.height}">` +
    `<rect width="100%" height="100%" rx="${px(8)}" fill="#222"/>` +
    `<rect x="${px(4)}" y="${px(12)}" width="${phone.width - 2 * px(4)}" height="${phone.height - 2 * px(12)}" fill="${screen}"/>` +
    `</svg>`;
  return sharp({ create: { ...page, channels: 3, background: '#f2f2ef' } })
    .composite([
      { input: Buffer.from(body), left: phone.left, top: phone.top },
      {
        input: await qr.png().toBuffer(),
        left: phone.left + Math.round((phone.width - codeSide) / 2),
        top: phone.top + px(40),
      },
    ])
    .jpeg({ quality: 88 })
    .toBuffer();
}
