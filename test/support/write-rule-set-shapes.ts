// Writes core/rule-set-shapes.ts: the rule-set schemas' Shapes (core/schema-check.ts) as data, so
// the CLI's reader needs no zod for a valid file. Run after changing core/rule-set-schema.ts:
//   npx tsx test/support/write-rule-set-shapes.ts
// core/rule-set-shapes.test.ts fails until it has been.
import { writeFileSync } from 'node:fs';
import { ruleSetShapesSource } from './rule-set-shapes-source.ts';

const path = new URL('../../core/rule-set-shapes.ts', import.meta.url);
writeFileSync(path, ruleSetShapesSource());
process.stdout.write(`wrote ${path.pathname}\n`);
