import { newNode, newStep, type ApprovalNodeDoc, type Doc, type WorkflowStep } from './model.ts';

/**
 * The designer's edits of a document, each a new document (the state is immutable, so the graph
 * and the problems follow by memo). Steps and nodes keep their order in the flat list: a step with
 * no `next` goes to the one after it, so where a step is added is where it runs.
 */
type Items = 'steps' | 'nodes';
const list = (doc: Doc, items: Items) => ((doc[items] as Doc[] | undefined) ?? []);

/** Adds a step (a type) or a node (a mode) after `after` (absent: at the end); answers its index. */
export function addItem(doc: Doc, items: Items, what: string, after?: number): { doc: Doc; index: number } {
  const current = list(doc, items);
  const item = items === 'steps' ? newStep(what, current as WorkflowStep[]) : newNode(what, current as ApprovalNodeDoc[]);
  const index = after === undefined ? current.length : after + 1;
  return { doc: { ...doc, [items]: [...current.slice(0, index), item, ...current.slice(index)] }, index };
}

export function replaceItem(doc: Doc, items: Items, index: number, item: Doc): Doc {
  return { ...doc, [items]: list(doc, items).map((x, i) => (i === index ? item : x)) };
}

export function removeItem(doc: Doc, items: Items, index: number): Doc {
  return { ...doc, [items]: list(doc, items).filter((_x, i) => i !== index) };
}

export function moveItem(doc: Doc, items: Items, index: number, by: -1 | 1): Doc {
  const next = [...list(doc, items)];
  const to = index + by;
  if (to < 0 || to >= next.length) return doc;
  [next[index], next[to]] = [next[to], next[index]];
  return { ...doc, [items]: next };
}

/** A step renamed: every `next`, branch and `otherwise` that named it follows. */
export function renameStep(doc: Doc, from: string, to: string): Doc {
  if (!from || from === to) return doc;
  const follow = (v: unknown) => (v === from ? to : v);
  return {
    ...doc,
    steps: list(doc, 'steps').map((s) => {
      const out: Doc = { ...s };
      if ('next' in s) out.next = follow(s.next);
      if ('otherwise' in s) out.otherwise = follow(s.otherwise);
      if (Array.isArray(s.branches)) out.branches = (s.branches as Doc[]).map((b) => ({ ...b, next: follow(b.next) }));
      return out;
    }),
  };
}
