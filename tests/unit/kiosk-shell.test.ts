// The kiosk shell's pure policies: keyboard shortcuts that would reload or open developer tools are
// swallowed, ordinary typing and the flow hotkeys pass; devtools:// is no longer let through; the
// safeStorage basic_text backend is refused unless the configuration accepts it.
import { describe, expect, it } from 'vitest';
import {
  devToolsAllowed,
  isAllowedRendererRequest,
  isBlockedAccelerator,
  judgeKeyStorage,
  type KeyInput,
} from '../../src/main/hardening/kiosk-shell';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('kiosk shell policies', () => {
  it.each([
    ['F12', key('F12')],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['Ctrl+R', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['Ctrl+Shift+C', key('C', { control: true, shift: true })],
    ['Cmd+Shift+I', key('i', { meta: true, shift: true })],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+Q', key('q', { control: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['Ctrl+U', key('u', { control: true })],
    ['Ctrl++', key('+', { control: true })],
    ['Ctrl+0', key('0', { control: true })],
    ['Alt+Left', key('ArrowLeft', { alt: true })],
  ])('swallows %s', (_label, input) => {
    expect(isBlockedAccelerator(input)).toBe(true);
  });

  it.each([
    ['a letter', key('a')],
    ['Arabic text', key('ع')],
    ['Shift+A', key('A', { shift: true })],
    ['F2 (scan hotkey)', key('F2')],
    ['Enter', key('Enter')],
    ['Ctrl+A (select all)', key('a', { control: true })],
    ['Ctrl+C / Ctrl+V (copy, paste)', key('c', { control: true })],
    ['a key release', { ...key('F12'), type: 'keyUp' }],
  ])('lets %s through', (_label, input) => {
    expect(isBlockedAccelerator(input)).toBe(false);
  });

  it('allows developer tools only in development builds', () => {
    expect(devToolsAllowed(true)).toBe(false);
    expect(devToolsAllowed(false)).toBe(true);
  });

  it('refuses devtools:// and every other scheme for the renderer', () => {
    expect(isAllowedRendererRequest('app://kiosk/index.html', 'app://kiosk')).toBe(true);
    expect(isAllowedRendererRequest('devtools://devtools/bundled/inspector.html', 'app://kiosk')).toBe(false);
    expect(isAllowedRendererRequest('https://example.test/', 'app://kiosk')).toBe(false);
    expect(isAllowedRendererRequest('app://kiosk.evil/x', 'app://kiosk')).toBe(false);
  });

  it('refuses the basic_text key storage unless the configuration accepts it', () => {
    const linux = { platform: 'linux', encryptionAvailable: true, acceptUnprotected: false };
    expect(judgeKeyStorage({ ...linux, backend: 'basic_text' })).toMatchObject({
      ok: false,
      reason: 'unprotected_backend',
      message: expect.stringMatching(/gnome-keyring/) as unknown,
    });
    expect(judgeKeyStorage({ ...linux, backend: 'basic_text', acceptUnprotected: true })).toEqual({
      ok: true,
    });
    expect(judgeKeyStorage({ ...linux, backend: 'gnome_libsecret' })).toEqual({ ok: true });
    expect(judgeKeyStorage({ ...linux, backend: 'kwallet5' })).toEqual({ ok: true });
    expect(
      judgeKeyStorage({
        platform: 'win32',
        encryptionAvailable: true,
        backend: undefined,
        acceptUnprotected: false,
      }),
    ).toEqual({ ok: true });
    expect(judgeKeyStorage({ ...linux, encryptionAvailable: false, backend: 'basic_text' })).toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
  });
});
