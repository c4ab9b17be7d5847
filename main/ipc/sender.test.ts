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
