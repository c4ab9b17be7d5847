// Which of a field's problems are listed in full. A wildcard over a hundred static rules gets a
// hundred "sits under" messages; listed one under another they push the rest of the form out of
// the window, say nothing the first few did not, and cost a frame to lay out on the keystroke
// that made them. So each code shows its first few, and the rest fold into one line that opens
// to list them.
import type { Problem } from '../../../../core/index.ts';

/** Messages of one code beyond this many are folded away. */
export const SHOWN_PER_CODE = 3;

export interface ProblemGroups {
  /** Shown in full, in their order. */
  readonly listed: readonly Problem[];
  /** Folded into one line, in their order. */
  readonly folded: readonly Problem[];
}

export function groupProblems(problems: readonly Problem[]): ProblemGroups {
  const perCode = new Map<string, number>();
  const listed: Problem[] = [];
  const folded: Problem[] = [];
  for (const problem of problems) {
    const seen = perCode.get(problem.code) ?? 0;
    perCode.set(problem.code, seen + 1);
    (seen < SHOWN_PER_CODE ? listed : folded).push(problem);
  }
  return { listed, folded };
}
