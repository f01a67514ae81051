/**
 * How deeply a parsed JSON value nests (a scalar is 0, `[]` or `{}` is 1). Counted without recursion,
 * so a hostile document nested thousands deep is measured, not a stack overflow; the count stops
 * once past `limit`.
 */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, here]);
  }
  return deepest;
}

/** Far deeper than any real questionnaire (conditions a few levels inside a question inside a page). */
export const MAX_DEFINITION_DEPTH = 40;
