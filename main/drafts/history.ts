// Undo/redo of rule-set edits, per draft. Kept in memory on purpose: an undo stack that outlives
// the window would let a restart undo edits the user has long forgotten.
//
// An entry holds only what an edit changed (the changed stretch of the rules and credential-set
// lists, and the registry), not a copy of the whole rule set: 200 edits of a 20,000-rule draft
// held 200 full copies (about 1 GB of heap) before. The history is bounded by count and by bytes.
import type { RuleSet } from '../../core/model.ts';

/** The part of a list an edit replaced: `before` became `after` at `start`. */
interface Splice<T> {
  readonly start: number;
  readonly before: readonly T[];
  readonly after: readonly T[];
}

interface Change {
  readonly label: string;
  readonly rules: Splice<RuleSet['rules'][number]>;
  readonly credentialSets: Splice<RuleSet['credentialSets'][number]>;
  readonly registry: { readonly before: string | undefined; readonly after: string | undefined };
  /** Roughly what the entry keeps alive (UTF-16 string bytes plus overhead). */
  readonly bytes: number;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function splice<T>(before: readonly T[], after: readonly T[]): Splice<T> {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && sameValue(before[start], after[start])) start++;
  let end = 0;
  while (end < shortest - start && sameValue(before[before.length - 1 - end], after[after.length - 1 - end])) end++;
  return { start, before: before.slice(start, before.length - end), after: after.slice(start, after.length - end) };
}

function apply<T>(list: readonly T[], s: Splice<T>, direction: 'undo' | 'redo'): T[] {
  const [remove, insert] = direction === 'undo' ? [s.after, s.before] : [s.before, s.after];
  return [...list.slice(0, s.start), ...insert, ...list.slice(s.start + remove.length)];
}

function bytesOf(value: unknown): number {
  return 2 * JSON.stringify(value ?? null).length + 64;
}

export interface HistoryLimits {
  /** How many edits undo can walk back. */
  readonly entries: number;
  /** How much memory the history of one draft may keep, in bytes (estimated). */
  readonly bytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { entries: 200, bytes: 16 * 1024 * 1024 };

export class EditHistory {
  private readonly undoStack: Change[] = [];
  private readonly redoStack: Change[] = [];
  private undoBytes = 0;
  private redoBytes = 0;
  private readonly limits: HistoryLimits;

  constructor(limits: Partial<HistoryLimits> | number = {}) {
    this.limits = typeof limits === 'number' ? { ...DEFAULT_HISTORY_LIMITS, entries: limits } : { ...DEFAULT_HISTORY_LIMITS, ...limits };
  }

  /** Records an edit that turned `before` into `after` (call it once the edit is saved). */
  record(label: string, before: RuleSet, after: RuleSet): void {
    const rules = splice(before.rules, after.rules);
    const credentialSets = splice(before.credentialSets, after.credentialSets);
    const registry = { before: before.registry, after: after.registry };
    const bytes = bytesOf(rules.before) + bytesOf(rules.after) + bytesOf(credentialSets.before) + bytesOf(credentialSets.after) + bytesOf(label) + 128;
    this.undoStack.push({ label, rules, credentialSets, registry, bytes });
    this.undoBytes += bytes;
    this.redoStack.length = 0;
    this.redoBytes = 0;
    while (this.undoStack.length > 0 && (this.undoStack.length > this.limits.entries || this.undoBytes > this.limits.bytes)) {
      this.undoBytes -= this.undoStack.shift()!.bytes;
    }
  }

  /** What undo would turn `current` into, without moving: call `undone()` once that is saved. */
  peekUndo(current: RuleSet): { label: string; ruleSet: RuleSet } | null {
    const change = this.undoStack.at(-1);
    return change ? { label: change.label, ruleSet: EditHistory.applied(current, change, 'undo') } : null;
  }

  peekRedo(current: RuleSet): { label: string; ruleSet: RuleSet } | null {
    const change = this.redoStack.at(-1);
    return change ? { label: change.label, ruleSet: EditHistory.applied(current, change, 'redo') } : null;
  }

  /** The undo peeked at was saved: it moves to the redo stack. */
  undone(): void {
    const change = this.undoStack.pop();
    if (!change) return;
    this.undoBytes -= change.bytes;
    this.redoStack.push(change);
    this.redoBytes += change.bytes;
  }

  redone(): void {
    const change = this.redoStack.pop();
    if (!change) return;
    this.redoBytes -= change.bytes;
    this.undoStack.push(change);
    this.undoBytes += change.bytes;
  }

  get undoLabel(): string | null {
    return this.undoStack.at(-1)?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.redoStack.at(-1)?.label ?? null;
  }
  /** Estimated bytes kept by both stacks. */
  get bytes(): number {
    return this.undoBytes + this.redoBytes;
  }
  get size(): number {
    return this.undoStack.length;
  }

  private static applied(current: RuleSet, change: Change, direction: 'undo' | 'redo'): RuleSet {
    const registry = direction === 'undo' ? change.registry.before : change.registry.after;
    const out: RuleSet = { ...current, rules: apply(current.rules, change.rules, direction), credentialSets: apply(current.credentialSets, change.credentialSets, direction) };
    if (registry === undefined) delete out.registry;
    else out.registry = registry;
    return out;
  }
}
