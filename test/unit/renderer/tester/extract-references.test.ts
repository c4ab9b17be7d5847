import { describe, expect, test } from 'vitest';
import { extractReferences } from '../../../../renderer/src/lib/tester/extract-references.ts';

const texts = (input: string) => extractReferences(input).references.map((r) => r.text);

describe('extractReferences: Kubernetes manifests', () => {
  test('a Deployment: every container and init container, with its object and container name', () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: contoso.azurecr.io/library/python:3.12
      containers:
        - name: app
          image: "contoso.azurecr.io/mcr/dotnet/aspnet:8.0"
        - name: sidecar
          image: 'contoso.azurecr.io/quay/prometheus/node-exporter@sha256:${'a'.repeat(64)}'
`;
    const extraction = extractReferences(manifest);
    expect(extraction.format).toBe('manifest');
    expect(extraction.notes).toEqual([]);
    expect(extraction.references).toEqual([
      { text: 'contoso.azurecr.io/library/python:3.12', line: 10, context: 'Deployment/web · container migrate' },
      { text: 'contoso.azurecr.io/mcr/dotnet/aspnet:8.0', line: 13, context: 'Deployment/web · container app' },
      { text: `contoso.azurecr.io/quay/prometheus/node-exporter@sha256:${'a'.repeat(64)}`, line: 15, context: 'Deployment/web · container sidecar' },
    ]);
  });

  test('a CronJob nests its pod template two levels deeper', () => {
    const manifest = `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: backup
              image: library/postgres:16
          restartPolicy: OnFailure
`;
    expect(extractReferences(manifest).references).toEqual([{ text: 'library/postgres:16', line: 12, context: 'CronJob/nightly · container backup' }]);
  });

  test('multi-document YAML and a v1 List of Pods', () => {
    const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: one
spec:
  containers:
    - name: a
      image: nginx:1.27
---
# a comment between documents
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: two
    spec:
      containers:
        - name: b
          image: redis
  - apiVersion: v1
    kind: Pod
    metadata:
      name: three
    spec:
      containers:
        - name: c
          image: ghcr/org/tool:v2
`;
    const extraction = extractReferences(manifest);
    expect(extraction.references.map((r) => [r.text, r.context])).toEqual([
      ['nginx:1.27', 'Pod/one · container a'],
      ['redis', 'Pod/two · container b'],
      ['ghcr/org/tool:v2', 'Pod/three · container c'],
    ]);
    expect(extraction.references.map((r) => r.line)).toEqual([8, 21, 29]);
  });

  test('Helm-style image maps are joined into one reference', () => {
    const values = `image:
  registry: contoso.azurecr.io
  repository: bitnami/redis
  tag: "7.2"
`;
    expect(texts(values)).toEqual(['contoso.azurecr.io/bitnami/redis:7.2']);
  });

  test('a YAML syntax error is reported with its line; the image lines are still read', () => {
    const broken = `kind: Pod
spec:
  containers:
    - name: a
      image: nginx:1.27
     - name: b
      image: redis:7
`;
    const extraction = extractReferences(broken);
    expect(extraction.references.map((r) => r.text)).toEqual(['nginx:1.27', 'redis:7']);
    expect(extraction.notes.length).toBeGreaterThan(0);
    expect(extraction.notes[0]).toMatch(/^YAML error on line \d+:/);
  });
});

describe('extractReferences: compose files', () => {
  test('services name their image; services without image (build) are skipped', () => {
    const compose = `services:
  web:
    image: contoso.azurecr.io/library/nginx:1.27
    ports: ["8080:80"]
  api:
    build: ./api
  cache:
    image: contoso.azurecr.io/library/redis
`;
    expect(extractReferences(compose).references).toEqual([
      { text: 'contoso.azurecr.io/library/nginx:1.27', line: 3, context: 'service web' },
      { text: 'contoso.azurecr.io/library/redis', line: 8, context: 'service cache' },
    ]);
  });
});

describe('extractReferences: lines', () => {
  test('one reference a line; blank lines and comments are skipped; lines are numbered from 1', () => {
    const extraction = extractReferences('ubuntu:22.04\n\n# the base images\npython:3.12   # with a trailing comment\n');
    expect(extraction.format).toBe('lines');
    expect(extraction.references).toEqual([
      { text: 'ubuntu:22.04', line: 1 },
      { text: 'python:3.12', line: 4 },
    ]);
  });

  test('docker pull and friends, with flags', () => {
    expect(
      texts(
        [
          'docker pull myreg.azurecr.io/library/python:3.12',
          'docker image pull --platform linux/arm64 mcr.microsoft.com/dotnet/sdk:8.0',
          'sudo docker pull -q --platform=linux/amd64 alpine',
          'podman pull quay.io/prometheus/prometheus',
          'crictl pull registry.k8s.io/pause:3.9',
        ].join('\n'),
      ),
    ).toEqual(['myreg.azurecr.io/library/python:3.12', 'mcr.microsoft.com/dotnet/sdk:8.0', 'alpine', 'quay.io/prometheus/prometheus', 'registry.k8s.io/pause:3.9']);
  });

  test('Dockerfile FROM lines, skipping scratch and earlier build stages', () => {
    const dockerfile = `FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN go build ./...
FROM build AS test
FROM scratch
FROM gcr.io/distroless/static:nonroot
`;
    expect(texts(dockerfile)).toEqual(['golang:1.22', 'gcr.io/distroless/static:nonroot']);
  });

  test('space- or comma-separated lists, as kubectl jsonpath prints them, and quoted JSON items', () => {
    expect(texts('nginx:1.27 redis:7 contoso.azurecr.io/app:v1')).toEqual(['nginx:1.27', 'redis:7', 'contoso.azurecr.io/app:v1']);
    expect(texts('["nginx:1.27", "redis:7"]')).toEqual(['nginx:1.27', 'redis:7']);
  });

  test('list markers and stray image: lines', () => {
    expect(texts('- nginx\n- redis:7')).toEqual(['nginx', 'redis:7']);
  });

  test('nothing pasted: nothing found', () => {
    expect(extractReferences('   \n\n')).toEqual({ format: 'lines', references: [], notes: [] });
    expect(extractReferences('# only a comment\n')).toEqual({ format: 'lines', references: [], notes: [] });
  });

  test('a single bare reference reads as a line, not a YAML scalar', () => {
    expect(extractReferences('docker.io/library/hello-world').references).toEqual([{ text: 'docker.io/library/hello-world', line: 1 }]);
  });
});
