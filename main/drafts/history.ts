// Undo/redo of rule-set edits, per draft. Kept in memory on purpose: an undo stack that outlives
// the window would let a restart undo edits the user has long forgotten.
import type { RuleSet } from '../../core/model.ts';

export interface HistoryEntry {
  label: string;
  ruleSet: RuleSet;
}

export class EditHistory {
  private readonly undoStack: HistoryEntry[] = [];
  private readonly redoStack: HistoryEntry[] = [];
  constructor(private readonly limit = 200) {}

  /** Records the state before an edit. */
  record(label: string, before: RuleSet): void {
    this.undoStack.push({ label, ruleSet: before });
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack.length = 0;
  }

  undo(current: RuleSet): HistoryEntry | null {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    this.redoStack.push({ label: entry.label, ruleSet: current });
    return entry;
  }

  redo(current: RuleSet): HistoryEntry | null {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    this.undoStack.push({ label: entry.label, ruleSet: current });
    return entry;
  }

  get undoLabel(): string | null {
    return this.undoStack.at(-1)?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.redoStack.at(-1)?.label ?? null;
  }
}
