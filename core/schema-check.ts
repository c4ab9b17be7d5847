// A fast yes for values the rule-set schemas accept, compiled from the zod definition itself
// (`schema._zod.def`, zod's documented structure for library authors), so the format is still
// defined only in rule-set-schema.ts. zod's own parse of a 1,000-rule file costs about 100 ms of
// CPU in a cold process (the CLI in CI, issue 14); this is a few milliseconds.
//
// The definition is first turned into a Shape: plain data (JSON), which is what the check is
// compiled from. rule-set-shapes.ts holds the rule-set schemas' Shapes written out, so the CLI's
// lint of a valid file needs neither zod's code nor the schemas built (about 45 ms of a cold
// start); rule-set-shapes.test.ts holds that file to shapeOf(the schemas).
//
// It answers true only when it is sure zod would accept the value and give it back unchanged:
// strings with length and pattern checks, optional, arrays with a length limit, objects without
// unknown keys. Anything else (records, JSON values, transforms, other checks) answers false, and
// the caller asks zod, which also words the problems. schema-check.test.ts holds it to that.
import type { z } from 'zod';

/** What the fast check knows of a schema. Plain data, so it can be written out. */
export type Shape =
  | { readonly type: 'string'; readonly checks: readonly ShapeCheck[] }
  | { readonly type: 'optional'; readonly inner: Shape }
  | { readonly type: 'array'; readonly checks: readonly ShapeCheck[]; readonly element: Shape }
  | {
      readonly type: 'object';
      /** In the definition's order (the reader copies fields in it). */
      readonly fields: Readonly<Record<string, Shape>>;
      /** Fields zod accepts when absent (`safeParse(undefined)` succeeds). */
      readonly optional: readonly string[];
      /** Checks or a catchall the fast check does not model: never a sure yes. */
      readonly opaque?: true;
    }
  /** Not understood (records, JSON values, transforms, coercion, other checks): never a sure yes. */
  | { readonly type: 'unknown' };

export type ObjectShape = Extract<Shape, { readonly type: 'object' }>;

export type ShapeCheck = { readonly check: 'max_length'; readonly maximum: number } | { readonly check: 'pattern'; readonly source: string; readonly flags: string };

interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly innerType?: Schema;
  readonly element?: Schema;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly catchall?: Schema;
  readonly coerce?: boolean;
}
interface CheckDef {
  readonly check: string;
  readonly format?: string;
  readonly maximum?: number;
  readonly pattern?: RegExp;
}
interface Schema {
  readonly _zod: { readonly def: Def };
  safeParse(value: unknown): { readonly success: boolean };
}

const UNKNOWN: Shape = { type: 'unknown' };

/** The checks of a string or array, or undefined when one is not understood. */
function checksOf(def: Def, allowPattern: boolean): ShapeCheck[] | undefined {
  const checks: ShapeCheck[] = [];
  for (const check of def.checks ?? []) {
    const d = check._zod.def;
    if (d.check === 'max_length' && typeof d.maximum === 'number') checks.push({ check: 'max_length', maximum: d.maximum });
    else if (allowPattern && d.check === 'string_format' && d.format === 'regex' && d.pattern instanceof RegExp) checks.push({ check: 'pattern', source: d.pattern.source, flags: d.pattern.flags });
    else return undefined;
  }
  return checks;
}

/** A zod schema as the fast check knows it. */
export function shapeOf(schema: z.ZodType): Shape {
  return shapeOfSchema(schema as unknown as Schema);
}

function shapeOfSchema(schema: Schema): Shape {
  const def = schema._zod.def;
  if (def.coerce === true) return UNKNOWN;
  switch (def.type) {
    case 'string': {
      const checks = checksOf(def, true);
      return checks === undefined ? UNKNOWN : { type: 'string', checks };
    }
    case 'optional':
      return { type: 'optional', inner: def.innerType === undefined ? UNKNOWN : shapeOfSchema(def.innerType) };
    case 'array': {
      const checks = checksOf(def, false);
      return checks === undefined || def.element === undefined ? UNKNOWN : { type: 'array', checks, element: shapeOfSchema(def.element) };
    }
    case 'object': {
      if (def.shape === undefined) return UNKNOWN;
      const fields: Record<string, Shape> = {};
      for (const [key, field] of Object.entries(def.shape)) fields[key] = shapeOfSchema(field);
      const optional = Object.keys(def.shape).filter((key) => (def.shape as Record<string, Schema>)[key]?.safeParse(undefined).success === true);
      // unknown keys: refused by a strict object, dropped by a plain one; either way not "unchanged"
      const opaque = (def.checks?.length ?? 0) > 0 || (def.catchall !== undefined && def.catchall._zod.def.type !== 'never');
      return opaque ? { type: 'object', fields, optional, opaque: true } : { type: 'object', fields, optional };
    }
    default:
      return UNKNOWN;
  }
}

type Check = (value: unknown) => boolean;
const NOT_SURE: Check = () => false;

// The checks below run a few times per field of every rule, mostly before V8 has optimised them
// (a CLI's cold process): plain indexed loops, no closures or iterators made per call.

/** All of `tests` at once. */
function allOf(tests: readonly Check[]): Check {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] as Check;
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (!(tests[i] as Check)(v)) return false;
    return true;
  };
}

function compileCheck(check: ShapeCheck): Check {
  if (check.check === 'max_length') {
    const max = check.maximum;
    return (v) => (v as { length: number }).length <= max;
  }
  const pattern = new RegExp(check.source, check.flags);
  return (v) => {
    pattern.lastIndex = 0;
    return pattern.test(v as string);
  };
}

function compile(shape: Shape): Check {
  switch (shape.type) {
    case 'string': {
      const test = allOf(shape.checks.map(compileCheck));
      return (v) => typeof v === 'string' && test(v);
    }
    case 'optional': {
      const inner = compile(shape.inner);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const test = allOf(shape.checks.map(compileCheck));
      const element = compile(shape.element);
      return (v) => {
        if (!Array.isArray(v) || !test(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'object': {
      if (shape.opaque === true) return NOT_SURE;
      const keys = Object.keys(shape.fields);
      const checks = keys.map((key) => compile(shape.fields[key] as Shape));
      const known = new Set(keys);
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        for (const key in v) if (!known.has(key)) return false;
        for (let i = 0; i < keys.length; i++) if (!(checks[i] as Check)((v as Record<string, unknown>)[keys[i] as string])) return false;
        return true;
      };
    }
    default:
      return NOT_SURE;
  }
}

const compiledShapes = new WeakMap<Shape, Check>();
const compiledSchemas = new WeakMap<object, Check>();

/** True only when the schema `shape` was taken from would accept `value` unchanged. */
export function acceptsShape(shape: Shape, value: unknown): boolean {
  let check = compiledShapes.get(shape);
  if (check === undefined) {
    check = compile(shape);
    compiledShapes.set(shape, check);
  }
  return check(value);
}

/** True only when `schema.safeParse(value)` would succeed with data deeply equal to `value`. */
export function acceptsUnchanged(schema: z.ZodType, value: unknown): boolean {
  let check = compiledSchemas.get(schema);
  if (check === undefined) {
    check = compile(shapeOf(schema));
    compiledSchemas.set(schema, check);
  }
  return check(value);
}
