/**
 * Runs in the browser before the renderer (a classic script the harness injects) and defines
 * `window.kiosk` over HTTP to the harness. The token comes from the URL fragment, which never
 * reaches a server log, and is kept in sessionStorage so a reload keeps working.
 */
import { createKioskApi } from '../shared/ipc/kiosk-api';
import type { EventName } from '../shared/ipc/contract';
import { fail, type Result } from '../shared/ipc/result';
import { decodeWire, encodeWire } from '../shared/ipc/wire';

const TOKEN_KEY = 'kiosk-harness-token';

function takeToken(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const token = takeToken();
const REFUSED_HEADER = 'x-kiosk-refused';
let refusalShown = false;

/**
 * Says plainly, over the page, that this page has no valid token: a second tab, a bookmark or a tab
 * left open across a harness restart would otherwise show "offline, please wait", and waiting never
 * helps. Built with DOM calls and CSSOM styles (the CSP allows no inline style or script).
 */
function showRefusal(reason: 'missing' | 'wrong'): void {
  if (refusalShown) return;
  refusalShown = true;
  const show = (): void => {
    const box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'harness-token-refused';
    Object.assign(box.style, {
      position: 'fixed',
      inset: '0',
      zIndex: '2147483647',
      background: '#fff',
      color: '#111',
      padding: '3rem',
      font: '1.25rem/1.6 system-ui, sans-serif',
    });
    // [text, language]: the Arabic sentence is laid out right to left (its full stop at its end).
    const lines: [string, 'en' | 'ar'][] = [
      [
        reason === 'missing'
          ? 'This page has no harness token, so it cannot reach the kiosk.'
          : "The harness refused this page's token: it belongs to another run of the harness.",
        'en',
      ],
      [
        'Open the address the harness printed when it started (http://127.0.0.1:PORT/#token=…). Waiting will not help.',
        'en',
      ],
      [
        reason === 'missing'
          ? 'لا يحمل هذا العنوان رمز الوصول، لذا لا يمكنه الاتصال بالكشك. افتح العنوان الذي طبعه البرنامج عند تشغيله.'
          : 'رفض البرنامج رمز الوصول لهذه الصفحة. افتح العنوان الذي طبعه البرنامج عند تشغيله.',
        'ar',
      ],
    ];
    for (const [text, lang] of lines) {
      const p = document.createElement('p');
      p.textContent = text;
      p.lang = lang;
      p.dir = lang === 'ar' ? 'rtl' : 'ltr';
      box.append(p);
    }
    document.body.append(box);
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show, { once: true });
}

function checkRefused(response: Response): void {
  const refused = response.headers.get(REFUSED_HEADER);
  if (response.status === 403 && (refused === 'missing' || refused === 'wrong')) showRefusal(refused);
}

if (token === '') showRefusal('missing');
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

async function streamEvents(): Promise<void> {
  let delay = 500;
  for (;;) {
    try {
      const response = await fetch('/__kiosk/events', { headers: { 'x-kiosk-token': token } });
      checkRefused(response);
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      delay = 500;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          const message = decodeWire(line) as { name: string; payload?: unknown };
          for (const listener of listeners.get(message.name as EventName) ?? []) listener(message.payload);
        }
      }
    } catch {
      // The harness restarted or the stream broke: reconnect with a growing pause.
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 5000);
  }
}

const kiosk = createKioskApi({
  invoke: async (name, input) => {
    const response = await fetch(`/__kiosk/invoke/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kiosk-token': token },
      body: encodeWire({ input }),
    });
    checkRefused(response);
    if (!response.ok) return fail('unavailable', `Harness answered HTTP ${response.status}`);
    return decodeWire(await response.text()) as Result<unknown>;
  },
  subscribe: (name, listener) => {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  },
});

Object.defineProperty(window, 'kiosk', {
  value: kiosk,
  writable: false,
  configurable: false,
  enumerable: true,
});
void streamEvents();
