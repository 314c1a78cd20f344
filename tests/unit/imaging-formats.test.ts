import { describe, expect, it } from 'vitest';
import { isAllowed, sniffFormat } from '../../src/main/imaging/formats';

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('format sniffing by magic bytes', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0)],
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0)],
    ['tiff', bytes('II', 0x2a, 0, 8, 0)],
    ['tiff', bytes('MM', 0, 0x2a, 0, 8)],
    ['pnm', bytes('P6\n10 10\n255\n')],
    ['pnm', bytes('P5 1 1 255 ')],
    ['gif', bytes('GIF89a')],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['pdf', bytes('%PDF-1.7')],
    ['bmp', bytes('BM', 0, 0)],
    ['heif', bytes(0, 0, 0, 0x18, 'ftypheic')],
    ['svg', bytes('  <svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['svg', bytes('<?xml version="1.0"?><svg/>')],
    ['unknown', bytes('P3\n1 1\n255\n0 0 0')],
    ['unknown', bytes('hello')],
    ['unknown', bytes()],
  ])('recognises %s', (expected, input) => {
    expect(sniffFormat(input)).toBe(expected);
  });

  it('lets TIFF and PNM in only from scanners', () => {
    expect(isAllowed('tiff', 'scanner')).toBe(true);
    expect(isAllowed('pnm', 'scanner')).toBe(true);
    expect(isAllowed('tiff', 'file')).toBe(false);
    expect(isAllowed('pnm', 'camera')).toBe(false);
    expect(isAllowed('png', 'file')).toBe(true);
    expect(isAllowed('svg', 'scanner')).toBe(false);
    expect(isAllowed('gif', 'file')).toBe(false);
  });
});
