import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, resolveAssetPath } from '../../src/main/hardening/asset-path';
import { CrashLoopPolicy } from '../../src/main/hardening/crash-loop';
import { isAllowedNavigation, isAllowedPermission } from '../../src/main/hardening/policies';
import { isTrustedSender } from '../../src/main/ipc/sender';

const root = '/opt/kiosk/renderer';

describe('app:// asset paths', () => {
  it('maps the app root and files inside it', () => {
    expect(resolveAssetPath(root, 'app://kiosk/')).toBe(join(root, 'index.html'));
    expect(resolveAssetPath(root, 'app://kiosk/assets/index.js')).toBe(join(root, 'assets/index.js'));
  });

  it('keeps dot segments inside the folder (the URL parser resolves them first)', () => {
    expect(resolveAssetPath(root, 'app://kiosk/../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveAssetPath(root, 'app://kiosk/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc/passwd'));
  });

  it.each([
    'app://kiosk/assets/%2e%2e%2f%2e%2e%2fsecret',
    'app://kiosk/..%5c..%5cwindows%5csystem32',
    'app://kiosk/%00index.html',
    'app://kiosk/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAssetPath(root, url)).toBeNull();
  });
});

describe('Content-Security-Policy', () => {
  it('index.html carries exactly the policy the shell sends as a header', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows no inline or remote script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
  });
});

describe('IPC sender check', () => {
  it('trusts only the main frame of our own origin', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: true }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: false }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: 'app://other/index.html', isMainFrame: true }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', isMainFrame: true }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: 'about:blank', isMainFrame: true }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
  });
});

describe('navigation and permission policies', () => {
  it('keeps navigation on the app', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#queue`)).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:5199/')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)')).toBe(false);
  });

  it('grants the camera only', () => {
    const page = `${APP_ORIGIN}/index.html`;
    expect(isAllowedPermission('media', page, { mediaTypes: ['video'] })).toBe(true);
    expect(isAllowedPermission('media', page, { mediaTypes: ['audio'] })).toBe(false);
    expect(isAllowedPermission('media', page, { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isAllowedPermission('media', page, {})).toBe(false);
    expect(isAllowedPermission('geolocation', page)).toBe(false);
    expect(isAllowedPermission('notifications', page)).toBe(false);
    expect(isAllowedPermission('media', 'https://evil.example/', { mediaTypes: ['video'] })).toBe(false);
  });
});

describe('crash-loop policy', () => {
  it('reloads, then relaunches, then gives up', () => {
    const policy = new CrashLoopPolicy(
      { relaunches: [] },
      { maxReloads: 2, windowMs: 1000, maxRelaunches: 1, relaunchWindowMs: 10_000 },
    );
    expect(policy.onRendererGone(0)).toBe('reload');
    expect(policy.onRendererGone(10)).toBe('reload');
    expect(policy.onRendererGone(20)).toBe('relaunch');
    expect(policy.relaunchHistory.relaunches).toEqual([20]);
    expect(policy.onRendererGone(30)).toBe('give-up');
  });

  it('forgets crashes outside the window', () => {
    const policy = new CrashLoopPolicy(
      { relaunches: [] },
      { maxReloads: 1, windowMs: 100, maxRelaunches: 1, relaunchWindowMs: 1000 },
    );
    expect(policy.onRendererGone(0)).toBe('reload');
    expect(policy.onRendererGone(500)).toBe('reload');
    expect(policy.onRendererGone(1000)).toBe('reload');
  });

  it('counts relaunches from earlier processes', () => {
    const policy = new CrashLoopPolicy(
      { relaunches: [900, 950] },
      { maxReloads: 0, windowMs: 100, maxRelaunches: 2, relaunchWindowMs: 1000 },
    );
    expect(policy.onRendererGone(1000)).toBe('give-up');
  });
});
