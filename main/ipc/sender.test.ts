import { describe, expect, test } from 'vitest';
import { isTrustedSender, originOf } from './sender.ts';

describe('IPC sender check', () => {
  const app = 'app://renderer';
  test('trusts only the app origin in a main frame', () => {
    expect(isTrustedSender({ url: 'app://renderer/index.html', isMainFrame: true }, app)).toBe(true);
    expect(isTrustedSender({ url: 'app://renderer/index.html#/drafts', isMainFrame: true }, app)).toBe(true);
  });
  test('refuses iframes, other origins, missing frames and look-alike hosts', () => {
    expect(isTrustedSender({ url: 'app://renderer/index.html', isMainFrame: false }, app)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, app)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/index.html', isMainFrame: true }, app)).toBe(false);
    expect(isTrustedSender({ url: 'app://renderer.evil/index.html', isMainFrame: true }, app)).toBe(false);
    expect(isTrustedSender({ url: 'not a url', isMainFrame: true }, app)).toBe(false);
    expect(isTrustedSender(null, app)).toBe(false);
  });
  test('computes origins for custom schemes', () => {
    expect(originOf('app://renderer/a/b')).toBe('app://renderer');
    expect(originOf('http://localhost:5173/x')).toBe('http://localhost:5173');
  });
});

describe('IPC sender check: exact scheme, host and port, no userinfo', () => {
  test('refuses a sender URL with userinfo, even when its host is the app', () => {
    expect(isTrustedSender({ url: 'app://evil@renderer/index.html', isMainFrame: true }, 'app://renderer')).toBe(false);
    expect(isTrustedSender({ url: 'app://user:pass@renderer/index.html', isMainFrame: true }, 'app://renderer')).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173@evil.example/', isMainFrame: true }, 'http://localhost:5173')).toBe(false);
  });
  test('a different port, an explicit port on a portless origin or a changed scheme is another sender', () => {
    expect(isTrustedSender({ url: 'http://localhost:5174/', isMainFrame: true }, 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender({ url: 'app://renderer:8080/index.html', isMainFrame: true }, 'app://renderer')).toBe(false);
    expect(isTrustedSender({ url: 'https://localhost:5173/', isMainFrame: true }, 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/src/main.ts', isMainFrame: true }, 'http://localhost:5173')).toBe(true);
  });
  test('a URL without a host never matches', () => {
    expect(isTrustedSender({ url: 'app:renderer/index.html', isMainFrame: true }, 'app://renderer')).toBe(false);
    expect(isTrustedSender({ url: 'app:///index.html', isMainFrame: true }, 'app://')).toBe(false);
  });
});
