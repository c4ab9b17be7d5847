import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { createResolver } from '../resolve.ts';
import { readRuleSet } from '../rule-set-file.ts';
import { manifestKind, rewriteManifest } from './rewrite.ts';

const GOLDEN = join(import.meta.dirname, '__golden__');
const INPUTS = join(GOLDEN, 'rewrite');

function rules() {
  const read = readRuleSet(readFileSync(join(GOLDEN, 'rewrite-rules.yaml'), 'utf8'));
  if (!read.ok) throw new Error('the rule set does not read');
  return read.ruleSet;
}

const options = { registry: 'contoso.azurecr.io', resolver: createResolver(rules()) };

function rewriteGolden(name: string) {
  const input = readFileSync(join(INPUTS, name), 'utf8');
  const result = rewriteManifest(name, input, options);
  const expected = join(INPUTS, `${name}.expected`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expected, result.content);
  return { input, result, expected: readFileSync(expected, 'utf8') };
}

describe('Kubernetes manifest (multi-document, with a CRD)', () => {
  const { input, result, expected } = rewriteGolden('deployment.yaml');

  test('matches the golden file', () => expect(result.content).toBe(expected));

  test('covered references go through the cache, tags and digests kept, quoting and comments kept', () => {
    expect(result.changes.map((c) => [c.from, c.to, c.rule])).toEqual([
      ['busybox:1.36', 'contoso.azurecr.io/docker-hub/library/busybox:1.36', 'docker-hub'],
      ['nginx:1.27', 'contoso.azurecr.io/docker-hub/library/nginx:1.27', 'docker-hub'],
      [
        'ghcr.io/contoso/exporter@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        'contoso.azurecr.io/ghcr/contoso/exporter@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        'ghcr-contoso',
      ],
      ['registry.k8s.io/prometheus/prometheus:v2.54.1', 'contoso.azurecr.io/k8s/prometheus/prometheus:v2.54.1', 'k8s'],
    ]);
    expect(result.content).toContain('image: "contoso.azurecr.io/docker-hub/library/busybox:1.36"   # Docker Hub official image');
    expect(result.content).toContain("image: 'contoso.azurecr.io/ghcr/contoso/exporter@sha256:");
    // Only the values changed: the same lines, the same comments.
    expect(result.content.split('\n')).toHaveLength(input.split('\n').length);
    expect(parseAllDocuments(result.content).every((d) => d.errors.length === 0)).toBe(true);
  });

  test('what is not covered is reported with the reason and its position', () => {
    expect(result.skipped.map((s) => [s.reference, s.reason, s.line])).toEqual([
      ['quay.io/prometheus/node-exporter:v1.8.2', 'not-covered', 18],
      ['contoso.azurecr.io/apps/api:2.1', 'already-cached', 20],
    ]);
    expect(result.uncovered.map((r) => `${r.domain}/${r.path}`)).toEqual(['quay.io/prometheus/node-exporter']);
  });

  test('the change positions point at the values', () => {
    const lines = input.split('\n');
    for (const change of result.changes) expect(lines[change.line - 1]!.slice(change.column - 1)).toMatch(/^["']?/);
    expect(result.changes[1]).toMatchObject({ line: 14, column: 18 });
  });
});

describe('compose file', () => {
  const { result, expected } = rewriteGolden('compose.yaml');
  test('matches the golden file; an anchored image is rewritten once where it is defined', () => {
    expect(result.content).toBe(expected);
    expect(result.changes.map((c) => c.to)).toEqual(['contoso.azurecr.io/docker-hub/library/redis:7.2', 'contoso.azurecr.io/ghcr/contoso/app:1.0']);
    expect(result.content).toContain('<<: *base');
  });
  test('an interpolated image is left alone and named as unresolved', () => {
    expect(result.skipped).toEqual([expect.objectContaining({ reference: '${DB_IMAGE:-postgres:16}', reason: 'unresolved' })]);
  });
});

describe('Dockerfile', () => {
  const { result, expected } = rewriteGolden('Dockerfile');
  test('matches the golden file: FROM and the ARG default FROM ${BASE} uses; stages and scratch untouched', () => {
    expect(result.kind).toBe('dockerfile');
    expect(result.content).toBe(expected);
    expect(result.changes.map((c) => [c.line, c.to])).toEqual([
      [2, 'contoso.azurecr.io/docker-hub/library/golang:1.23'],
      [1, 'contoso.azurecr.io/dotnet/runtime:8.0'],
    ]);
    expect(result.content).toContain('FROM build AS test');
    expect(result.content).toContain('FROM scratch');
    expect(result.content).toContain('FROM --platform=$BUILDPLATFORM contoso.azurecr.io/docker-hub/library/golang:1.23 AS build');
  });
});

describe('Helm values', () => {
  const { result, expected } = rewriteGolden('values.yaml');
  test('matches the golden file: registry and repository split kept, the tag as written', () => {
    expect(result.content).toBe(expected);
    expect(result.content).toContain('registry: contoso.azurecr.io\n  repository: docker-hub/bitnami/redis\n  tag: 7.20   # a number');
    expect(result.content).toContain('repository: contoso.azurecr.io/ghcr/contoso/metrics');
  });
  test('a repository outside an image block (a Git repository) is not touched', () => {
    expect(result.content).toContain('github:\n  repository: contoso/app');
    expect(result.changes).toHaveLength(3);
  });
});

test('file kinds: Dockerfiles by name, everything else YAML', () => {
  expect(manifestKind('build/Dockerfile')).toBe('dockerfile');
  expect(manifestKind('api.Dockerfile')).toBe('dockerfile');
  expect(manifestKind('Dockerfile.prod')).toBe('dockerfile');
  expect(manifestKind('Containerfile')).toBe('dockerfile');
  expect(manifestKind('k8s/deploy.yaml')).toBe('yaml');
});

test('one document that does not parse is left alone; the others are rewritten', () => {
  const input = 'image: nginx:1\n---\nimage: "unclosed\n---\nimage: ghcr.io/contoso/x:2\n';
  const result = rewriteManifest('multi.yaml', input, options);
  expect(result.changes.map((c) => c.to)).toEqual(['contoso.azurecr.io/docker-hub/library/nginx:1', 'contoso.azurecr.io/ghcr/contoso/x:2']);
  expect(result.skipped.map((s) => s.reason)).toEqual(['unreadable']);
  expect(result.content).toContain('image: "unclosed');
});

test('rewriting the output again changes nothing (every reference already pulls from the registry)', () => {
  const input = readFileSync(join(INPUTS, 'deployment.yaml'), 'utf8');
  const once = rewriteManifest('deployment.yaml', input, options).content;
  const twice = rewriteManifest('deployment.yaml', once, options);
  expect(twice.content).toBe(once);
  expect(twice.changes).toEqual([]);
});
