// The tag filter's KQL in az's forms: built as az writes it, read back into fields, and any other
// query kept verbatim as custom.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTagQuery, describeTagFields, parseTagQuery, type TagFilterFields } from './sync-tag-filter.ts';

describe('buildTagQuery', () => {
  it('writes the text az _create_kql writes, conditions in its order', () => {
    expect(buildTagQuery({})).toBe('Tags');
    expect(buildTagQuery({ startsWith: '2' })).toBe("Tags | where Name startswith '2'");
    expect(buildTagQuery({ contains: 'mariner', startsWith: '2', endsWith: '-amd64', equals: 'latest' })).toBe(
      "Tags | where Name startswith '2' and Name endswith '-amd64' and Name contains 'mariner' and Name == 'latest'",
    );
  });
  it('leaves empty fields out, as az does with falsy arguments', () => {
    expect(buildTagQuery({ startsWith: '', contains: 'x' })).toBe("Tags | where Name contains 'x'");
  });
  it('escapes a quote or backslash so the literal still ends where it should', () => {
    expect(buildTagQuery({ contains: "a'b\\" })).toBe("Tags | where Name contains 'a\\'b\\\\'");
  });
});

describe('parseTagQuery', () => {
  it('reads the preview examples (trailing semicolon included) into fields', () => {
    expect(parseTagQuery("Tags | where Name startswith '2';")).toEqual({ kind: 'fields', fields: { startsWith: '2' } });
    expect(parseTagQuery("Tags | where Name contains 'mariner'")).toEqual({ kind: 'fields', fields: { contains: 'mariner' } });
    expect(parseTagQuery('Tags')).toEqual({ kind: 'fields', fields: {} });
  });
  it("reads az's older capitalised Where and conditions in any order", () => {
    expect(parseTagQuery("Tags | Where Name == 'v1'")).toEqual({ kind: 'fields', fields: { equals: 'v1' } });
    expect(parseTagQuery("Tags | where Name contains 'x' and Name startswith 'y'")).toEqual({ kind: 'fields', fields: { contains: 'x', startsWith: 'y' } });
  });
  it.each([
    "Tags | where Name startswith '2' or Name contains 'x'",
    "Tags | where Name startswith_cs '2'",
    "Tags | where Name startswith '1' and Name startswith '2'",
    "Tags | where not(Name contains 'rc')",
    'Tags | where Name == v1',
    "Tags | where Name matches regex '^v[0-9]+$'",
    "Tags | where Name contains ''",
    "tags | where Name contains 'x'",
    "Tags | where Name contains 'x' | take 5",
    '',
  ])('keeps %j verbatim as a custom query', (query) => {
    expect(parseTagQuery(query)).toEqual({ kind: 'custom', query });
  });
});

const value = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', '2', '.', '-', '_', "'", '\\', ' ', 'é', 'and', ' and ', 'Name', '|') });
const fields = fc.record({ startsWith: value, endsWith: value, contains: value, equals: value }, { requiredKeys: [] }) as fc.Arbitrary<TagFilterFields>;

describe('tag filter round trip', () => {
  it('parse(build(x)) gives back x for any fields', () => {
    fc.assert(
      fc.property(fields, (x) => {
        expect(parseTagQuery(buildTagQuery(x))).toEqual({ kind: 'fields', fields: x });
      }),
      { numRuns: 500 },
    );
  });
  it('build(parse(q)) gives back q for every query az writes', () => {
    fc.assert(
      fc.property(fields, (x) => {
        const q = buildTagQuery(x);
        const parsed = parseTagQuery(q);
        expect(parsed.kind === 'fields' ? buildTagQuery(parsed.fields) : parsed.query).toBe(q);
      }),
      { numRuns: 300 },
    );
  });
});

describe('describeTagFields', () => {
  it('says the conditions in words', () => {
    expect(describeTagFields({})).toBe('every tag');
    expect(describeTagFields({ startsWith: '2', contains: 'mariner' })).toBe('tags starting with 2 and containing mariner');
  });
});
