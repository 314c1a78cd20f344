/** Decoded pixels the pipeline passes between its steps: 8-bit sRGB, 3 channels, no metadata. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
}

/** sharp's input description for a RawImage. */
export function rawInput(image: RawImage): { raw: { width: number; height: number; channels: 3 } } {
  return { raw: { width: image.width, height: image.height, channels: 3 } };
}
