/**
 * Streamed bodies in tests: an image cut into pieces as a file read would give them, and the pieces
 * gathered back. Shared by the streamed JSON and multipart tests (providers/http/streamed-*.ts).
 */

/**
 * Yields `bytes` cut at the given offsets (bytes; sorted, clamped to the length, duplicates give
 * empty pieces), asynchronously, as pieces arrive from a file.
 */
export async function* piecesOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  await Promise.resolve();
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(cut, bytes.byteLength);
    if (end < start) continue;
    yield bytes.subarray(start, end);
    start = end;
  }
  yield bytes.subarray(start);
}

/** Every piece of a streamed body, in order, as one Buffer. */
export async function collect(pieces: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const piece of pieces) out.push(Buffer.from(piece));
  return Buffer.concat(out);
}
