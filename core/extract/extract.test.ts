import { describe, expect, test } from 'vitest';
import { extractReferences } from './index.ts';

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

describe('extractReferences: variables', () => {
  test('compose interpolation: defaults are taken, a bare variable is unresolved, never invalid', () => {
    const compose = `services:
  web:
    image: \${REGISTRY:-contoso.azurecr.io}/library/nginx:\${TAG-1.27}
  api:
    image: contoso.azurecr.io/app:\${TAG}
  job:
    image: $$literal/\${A:+x}app
`;
    const [web, api, job] = extractReferences(compose).references;
    expect(web).toMatchObject({ text: 'contoso.azurecr.io/library/nginx:1.27', written: '${REGISTRY:-contoso.azurecr.io}/library/nginx:${TAG-1.27}' });
    expect(web?.unresolved).toBeUndefined();
    expect(api).toMatchObject({ text: 'contoso.azurecr.io/app:${TAG}', unresolved: ['TAG'] });
    expect(job?.text).toBe('$literal/app');
    expect(extractReferences(compose).notes.join(' ')).toMatch(/1 reference uses a variable with no value/);
  });

  test('nested defaults and ${VAR:?error}', () => {
    expect(texts('image: ${A:-${B:-ghcr.io}/x}:1')).toEqual(['ghcr.io/x:1']);
    expect(extractReferences('image: ${A:?set A}/x').references[0]?.unresolved).toEqual(['A']);
  });

  test('FROM ${BASE} takes the global ARG default; without one it is unresolved', () => {
    const dockerfile = 'ARG BASE=mcr.microsoft.com/dotnet/sdk:8.0\nARG RUNTIME\nFROM ${BASE} AS build\nRUN dotnet publish\nFROM $RUNTIME\n';
    const refs = extractReferences(dockerfile).references;
    expect(refs.map((r) => [r.text, r.unresolved])).toEqual([
      ['mcr.microsoft.com/dotnet/sdk:8.0', undefined],
      ['${RUNTIME}', ['RUNTIME']],
    ]);
  });
});

describe('extractReferences: YAML features', () => {
  test('an alias (image: *img) resolves, and a merge key brings in the anchored fields', () => {
    const compose = `x-base: &base
  image: contoso.azurecr.io/base:1
  restart: always
services:
  a:
    <<: *base
  b:
    image: &img contoso.azurecr.io/b:2
  c:
    image: *img
`;
    expect(extractReferences(compose).references.map((r) => [r.text, r.context])).toEqual([
      ['contoso.azurecr.io/base:1', 'service a'],
      ['contoso.azurecr.io/b:2', 'service b'],
      ['contoso.azurecr.io/b:2', 'service c'],
    ]);
  });

  test('one unclosed quote in one document affects only that document (its image lines are still read)', () => {
    const docs = ['kind: Pod\nimage: a.io/one:1', 'image: "b.io/two:2\nname: x', 'kind: Pod\nimage: c.io/three:3'].join('\n---\n');
    const extraction = extractReferences(docs);
    expect(extraction.references.map((r) => [r.text, r.line, r.context])).toEqual([
      ['a.io/one:1', 2, 'Pod'],
      ['b.io/two:2', 4, undefined],
      ['c.io/three:3', 8, 'Pod'],
    ]);
    expect(extraction.format).toBe('manifest');
    expect(extraction.notes[0]).toMatch(/YAML error on line \d+:.*document from line 3/);
  });

  test('deep nesting gets a plain message, not a stack overflow', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(() => extractReferences(deep)).not.toThrow();
    const nested = Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' {image: x.io/y:1}';
    expect(extractReferences(nested).notes.join(' ')).toMatch(/nests deeper than 200 levels/);
  });

  test('10,000 documents are read, each with its line', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `kind: Pod\nmetadata: { name: p${i} }\nspec: { containers: [ { name: c, image: "nginx:1.${i}" } ] }`).join('\n---\n');
    const refs = extractReferences(text).references;
    expect(refs).toHaveLength(10_000);
    expect(refs[9_999]).toMatchObject({ text: 'nginx:1.9999', line: 9_999 * 4 + 3, context: 'Pod/p9999 · container c' });
  });
});

describe('extractReferences: things that are not references', () => {
  test('an unrendered Helm template gives a note, not its words', () => {
    const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        - name: fixed
          image: ghcr.io/org/sidecar:1
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`;
    const extraction = extractReferences(template);
    expect(extraction.references.map((r) => r.text)).toEqual(['ghcr.io/org/sidecar:1']);
    expect(extraction.notes.join(' ')).toMatch(/unrendered Helm template/);
  });

  test('prose gives a note, not dozens of words parsed as references', () => {
    const prose = 'Please deploy the new version of the web app today.\nIt should use the image below and nothing else.\n\nnginx:1.27\n';
    const extraction = extractReferences(prose);
    expect(extraction.references.map((r) => r.text)).toEqual(['nginx:1.27']);
    expect(extraction.notes.join(' ')).toMatch(/2 lines of prose were skipped/);
  });
});
