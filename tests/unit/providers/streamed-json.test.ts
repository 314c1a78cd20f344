// Issue 12 (the drain): Lumin's upload body `{"image": "<base64>", ...}` written piece by piece
// (streamed-json.ts) must be the very text JSON.stringify gives for the whole image, and its
// declared length must be its length, for any image and any way the image is cut into pieces
// (property-based: fast-check). The same for ARGOS's object with several images among strings.
// An image whose pieces throw stops the body short of that length.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Pieces,
  isStreamedBody,
  jsonWithBase64,
  jsonWithImages,
} from '../../../src/main/providers/http/streamed-json';
import { collect, piecesOf } from '../../helpers/pieces';

describe('a JSON body with an image as base64, streamed', () => {
  it('is the text JSON.stringify gives for the whole image, with the declared length, however it is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2_000 }),
        fc.array(fc.nat({ max: 2_000 }), { maxLength: 8 }),
        fc.dictionary(
          fc.string({ maxLength: 6 }).filter((key) => key !== 'image' && key !== '__proto__'),
          fc.string({ maxLength: 10 }),
          { maxKeys: 3 },
        ),
        async (bytes, cuts, rest) => {
          const body = jsonWithBase64(
            'image',
            { pieces: piecesOf(bytes, cuts), size: bytes.byteLength },
            rest,
          );
          const text = await collect(body.pieces);
          expect(JSON.parse(text.toString('utf8'))).toEqual({
            ...rest,
            image: Buffer.from(bytes).toString('base64'),
          });
          expect(body.length).toBe(text.byteLength);
          expect(body.contentType).toBe('application/json');
          expect(isStreamedBody(body)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with several images among strings (ARGOS): the text JSON.stringify gives, in the given order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.tuple(
            fc.string({ maxLength: 6 }).filter((key) => key !== '__proto__' && !/^[0-9]+$/.test(key)),
            fc.oneof(
              fc.string({ maxLength: 12 }),
              fc.record({
                bytes: fc.uint8Array({ maxLength: 600 }),
                cuts: fc.array(fc.nat({ max: 600 }), { maxLength: 4 }),
              }),
            ),
          ),
          { selector: ([key]) => key, maxLength: 6 },
        ),
        async (members) => {
          const expected: Record<string, string> = {};
          for (const [key, value] of members)
            expected[key] = typeof value === 'string' ? value : Buffer.from(value.bytes).toString('base64');
          const body = jsonWithImages(
            members.map(([key, value]) => [
              key,
              typeof value === 'string'
                ? value
                : { pieces: piecesOf(value.bytes, value.cuts), size: value.bytes.byteLength },
            ]),
          );
          const text = await collect(body.pieces);
          expect(text.toString('utf8')).toBe(JSON.stringify(expected));
          expect(body.length).toBe(text.byteLength);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is Lumin's body text exactly: the image first, then the customer id", async () => {
    const bytes = Buffer.from('kiosk image bytes');
    const body = jsonWithBase64(
      'image',
      { pieces: piecesOf(bytes, [5]), size: bytes.byteLength },
      { customerId: 'C-1' },
    );
    expect((await collect(body.pieces)).toString('utf8')).toBe(
      JSON.stringify({ image: bytes.toString('base64'), customerId: 'C-1' }),
    );
  });

  it('carries 1 and 2 left-over bytes across pieces (the base64 of each piece alone would differ)', async () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const text = await collect(base64Pieces(piecesOf(bytes, [1, 2, 4, 8])));
    expect(text.toString('latin1')).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('stops short of its length when the image throws (an altered sealed file)', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield await Promise.resolve(new Uint8Array(300));
      throw new Error('Unsupported state or unable to authenticate data');
    }
    const body = jsonWithBase64('image', { pieces: failing(), size: 600 });
    const sent: Buffer[] = [];
    await expect(
      (async () => {
        for await (const piece of body.pieces) sent.push(Buffer.from(piece));
      })(),
    ).rejects.toThrow(/authenticate/);
    expect(Buffer.concat(sent).byteLength).toBeLessThan(body.length);
  });

  it('is not mistaken for a JSON value', () => {
    expect(isStreamedBody({ image: 'abc' })).toBe(false);
    expect(isStreamedBody({ pieces: [], length: 1, contentType: 'x' })).toBe(false);
    expect(isStreamedBody(undefined)).toBe(false);
  });
});
