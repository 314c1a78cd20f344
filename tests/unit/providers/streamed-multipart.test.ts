// Issue 12 (the drain): the multipart/form-data bodies written piece by piece (streamed-multipart.ts)
// for Jumio's credential part and ARGOS's multipart PUT image must be read by a standard parser
// (undici's, the platform's own `Response.formData()`) as the same fields and files, with the
// declared length, for any content and any way the images are cut into pieces (fast-check); and
// a body whose image throws stops short of that length.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multipartBody, type MultipartPart } from '../../../src/main/providers/http/streamed-multipart';
import { collect, piecesOf } from '../../helpers/pieces';

type Spec =
  | { kind: 'text'; name: string; text: string }
  | { kind: 'base64' | 'file'; name: string; bytes: Uint8Array; cuts: number[]; filename: string };

// No '%' in names: the parser reads %22, %0D and %0A as the escapes they are.
const name = fc.string({ minLength: 1, maxLength: 8 }).filter((n) => !n.includes('%'));
const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), name, text: fc.string({ maxLength: 20 }) }),
  fc.record({
    kind: fc.constantFrom('base64' as const, 'file' as const),
    name,
    bytes: fc.uint8Array({ maxLength: 700 }),
    cuts: fc.array(fc.nat({ max: 700 }), { maxLength: 4 }),
    filename: fc.stringMatching(/^[a-z]{1,8}\.(jpg|png|pdf)$/),
  }),
);

function partOf(s: Spec): MultipartPart {
  if (s.kind === 'text') return { name: s.name, text: s.text };
  const source = { pieces: piecesOf(s.bytes, s.cuts), size: s.bytes.byteLength };
  return s.kind === 'base64'
    ? { name: s.name, base64: source }
    : { name: s.name, file: { ...source, mime: 'image/jpeg', filename: s.filename } };
}

describe('a multipart/form-data body, streamed', () => {
  it("is read by the platform's parser as the same fields and files, with the declared length", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { maxLength: 5 }), async (specs) => {
        const body = multipartBody(specs.map(partOf));
        const bytes = await collect(body.pieces);
        expect(body.length).toBe(bytes.byteLength);
        const form = await new Response(new Uint8Array(bytes), {
          headers: { 'content-type': body.contentType },
        }).formData();
        const entries = [...form.entries()];
        expect(entries).toHaveLength(specs.length);
        for (const [index, s] of specs.entries()) {
          const [key, value] = entries[index]!;
          // Names are written escaped (CR/LF/quote, as the WHATWG encoding does); the parser undoes it.
          expect(key).toBe(s.name);
          if (s.kind === 'text') {
            expect(value).toBe(s.text);
          } else if (s.kind === 'base64') {
            expect(value).toBe(Buffer.from(s.bytes).toString('base64'));
          } else {
            const file = value as File;
            expect(file.name).toBe(s.filename);
            expect(file.type).toBe('image/jpeg');
            expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(s.bytes))).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('stops short of its length when the image throws (an altered sealed file)', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield await Promise.resolve(new Uint8Array(300));
      throw new Error('Unsupported state or unable to authenticate data');
    }
    const body = multipartBody([
      { name: 'file', file: { pieces: failing(), size: 600, mime: 'image/png', filename: 'front.png' } },
    ]);
    const sent: Buffer[] = [];
    await expect(
      (async () => {
        for await (const piece of body.pieces) sent.push(Buffer.from(piece));
      })(),
    ).rejects.toThrow(/authenticate/);
    expect(Buffer.concat(sent).byteLength).toBeLessThan(body.length);
  });
});
