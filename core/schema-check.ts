// A fast yes for values the rule-set schemas accept, compiled once per schema from the zod
// definition itself (`schema._zod.def`, zod's documented structure for library authors), so the
// format is still defined only in rule-set-schema.ts. zod's own parse of a 1,000-rule file costs
// about 100 ms of CPU in a cold process (the CLI in CI, issue 14); this is a few milliseconds.
//
// It answers true only when it is sure zod would accept the value and give it back unchanged:
// strings with length and pattern checks, optional, arrays with a length limit, objects without
// unknown keys. Anything else (records, JSON values, transforms, other checks) answers false, and
// the caller asks zod, which also words the problems. schema-check.test.ts holds it to that.
import type { z } from 'zod';

type Check = (value: unknown) => boolean;

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
}

const NOT_SURE: Check = () => false;
const compiled = new WeakMap<object, Check>();

/** The checks of a string or array, or undefined when one is not understood. */
function lengthAndPattern(def: Def, allowPattern: boolean): Check[] | undefined {
  const tests: Check[] = [];
  for (const check of def.checks ?? []) {
    const d = check._zod.def;
    if (d.check === 'max_length' && typeof d.maximum === 'number') {
      const max = d.maximum;
      tests.push((v) => (v as { length: number }).length <= max);
    } else if (allowPattern && d.check === 'string_format' && d.format === 'regex' && d.pattern instanceof RegExp) {
      const pattern = d.pattern;
      tests.push((v) => {
        pattern.lastIndex = 0;
        return pattern.test(v as string);
      });
    } else {
      return undefined;
    }
  }
  return tests;
}

function compile(schema: Schema): Check {
  const def = schema._zod.def;
  if (def.coerce === true) return NOT_SURE;
  switch (def.type) {
    case 'string': {
      const tests = lengthAndPattern(def, true);
      if (tests === undefined) return NOT_SURE;
      return (v) => typeof v === 'string' && tests.every((t) => t(v));
    }
    case 'optional': {
      const inner = def.innerType === undefined ? NOT_SURE : compile(def.innerType);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const tests = lengthAndPattern(def, false);
      if (tests === undefined || def.element === undefined) return NOT_SURE;
      const element = compile(def.element);
      return (v) => Array.isArray(v) && tests.every((t) => t(v)) && v.every(element);
    }
    case 'object': {
      if (def.shape === undefined || (def.checks?.length ?? 0) > 0) return NOT_SURE;
      // unknown keys: refused by a strict object, dropped by a plain one; either way not "unchanged"
      if (def.catchall !== undefined && def.catchall._zod.def.type !== 'never') return NOT_SURE;
      const fields = Object.entries(def.shape).map(([key, field]) => [key, compile(field)] as const);
      const known = new Set(Object.keys(def.shape));
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        for (const key in v) if (!known.has(key)) return false;
        for (const [key, check] of fields) if (!check((v as Record<string, unknown>)[key])) return false;
        return true;
      };
    }
    default:
      return NOT_SURE;
  }
}

/** True only when `schema.safeParse(value)` would succeed with data deeply equal to `value`. */
export function acceptsUnchanged(schema: z.ZodType, value: unknown): boolean {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema as unknown as Schema);
    compiled.set(schema, check);
  }
  return check(value);
}
