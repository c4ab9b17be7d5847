import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mimeTypeOf, resolveAppAsset } from './app-protocol.ts';

const root = resolve('/opt/app/renderer');

describe('app:// asset resolution', () => {
  test('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppAsset(root, 'app://renderer/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://renderer/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://renderer/assets/index-abc.js?v=1')).toBe(join(root, 'assets/index-abc.js'));
  });
  test('refuses path traversal, other hosts and other schemes', () => {
    expect(resolveAppAsset(root, 'app://renderer/../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    // the URL parser folds encoded dot-segments itself: the result stays inside the root
    expect(resolveAppAsset(root, 'app://renderer/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveAppAsset(root, 'app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret')).toBeNull();
    expect(resolveAppAsset(root, 'app://renderer/%00')).toBeNull();
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppAsset(root, '::::')).toBeNull();
  });
  test('serves known types with their MIME type', () => {
    expect(mimeTypeOf('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeOf('/x/a.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});
