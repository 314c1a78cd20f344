/**
 * JSON encoding for the browser harness: Electron's IPC carries Uint8Array natively (structured
 * clone), HTTP does not, so byte arrays travel as `{ "$bytes": base64 }`. Used by both ends of the
 * harness bridge; the Electron path never needs it.
 */
const BYTES = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(value: unknown): string {
  // A replacer sees the result of toJSON (Node's Buffer turns itself into { type, data }), so
  // look at the holder's original value instead.
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    return original instanceof Uint8Array ? { [BYTES]: toBase64(original) } : v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && keys[0] === BYTES && typeof record[BYTES] === 'string') {
        return fromBase64(record[BYTES]);
      }
    }
    return v;
  });
}
