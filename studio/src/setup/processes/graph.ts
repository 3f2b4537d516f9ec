import type { ApprovalFlowDoc, Doc, WorkflowDoc, WorkflowStep } from './model.ts';

/**
 * The graph the canvas draws, derived from a document (never the other way round): one node per
 * step or approval node, the trigger / entry criteria on top, the end at the bottom; edges for
 * where each step goes (its `next`, each branch, `otherwise`, or the step after it in the list).
 */
export type GraphNodeKind = 'trigger' | 'step' | 'entry' | 'node' | 'end';
export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** The index in `steps` / `nodes` (step and node kinds). */
  index?: number;
  /** The step's or node's type / mode, the trigger's type. */
  type?: string;
  title: string;
  detail?: string;
}
export type GraphEdgeKind = 'flow' | 'next' | 'branch' | 'otherwise' | 'skip';
export interface GraphEdge { id: string; source: string; target: string; kind: GraphEdgeKind; label?: string }
export interface Graph { nodes: GraphNode[]; edges: GraphEdge[] }

export const stepNodeId = (i: number) => `step:${i}`;
export const approvalNodeId = (i: number) => `node:${i}`;

function short(text: string | undefined, max = 40): string | undefined {
  return text && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function workflowGraph(doc: WorkflowDoc): Graph {
  const steps = doc.steps ?? [];
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const nodeOf = (target: string | undefined): string | undefined => (target === undefined ? undefined : target === 'end' ? 'end' : index.has(target) ? stepNodeId(index.get(target)!) : undefined);
  const following = (i: number) => (i + 1 < steps.length ? stepNodeId(i + 1) : 'end');
  const trigger = doc.trigger ?? { type: 'manual' };
  const nodes: GraphNode[] = [
    { id: 'trigger', kind: 'trigger', type: trigger.type, title: trigger.type, detail: short(triggerDetail(trigger)) },
    ...steps.map((s, i): GraphNode => ({ id: stepNodeId(i), kind: 'step', index: i, type: s.type, title: s.label || s.id, detail: short(stepDetail(s)) })),
    { id: 'end', kind: 'end', title: 'end' },
  ];
  const edges: GraphEdge[] = [{ id: 'e:trigger', source: 'trigger', target: steps.length ? stepNodeId(0) : 'end', kind: 'flow' }];
  steps.forEach((s, i) => {
    const from = stepNodeId(i);
    const add = (target: string | undefined, kind: GraphEdgeKind, key: string, label?: string) => { if (target) edges.push({ id: `e:${from}:${key}`, source: from, target, kind, label }); };
    if (s.type === 'branch') {
      ((s.branches as { when: string; next: string }[] | undefined) ?? []).forEach((b, j) => add(nodeOf(b.next), 'branch', `b${j}`, short(b.when, 24)));
      add(s.otherwise !== undefined ? nodeOf(s.otherwise as string) : s.next !== undefined ? nodeOf(s.next) : following(i), 'otherwise', 'otherwise', 'otherwise');
    } else {
      add(s.next !== undefined ? nodeOf(s.next) : following(i), s.next !== undefined ? 'next' : 'flow', 'next');
    }
  });
  return { nodes, edges };
}

export function approvalGraph(doc: ApprovalFlowDoc): Graph {
  const list = doc.nodes ?? [];
  const nodes: GraphNode[] = [
    { id: 'entry', kind: 'entry', title: 'entry', detail: short(doc.entryCriteria) },
    ...list.map((n, i): GraphNode => ({ id: approvalNodeId(i), kind: 'node', index: i, type: n.mode, title: labelOf(n.label) ?? n.id, detail: short(n.condition) })),
    { id: 'end', kind: 'end', title: 'approved' },
  ];
  const chain = ['entry', ...list.map((_n, i) => approvalNodeId(i)), 'end'];
  const edges: GraphEdge[] = chain.slice(1).map((target, i) => ({ id: `e:${chain[i]}`, source: chain[i], target, kind: 'flow' as const }));
  // A node with a condition is skipped when it does not hold: the path goes around it.
  list.forEach((n, i) => { if (n.condition) edges.push({ id: `e:skip:${i}`, source: chain[i], target: chain[i + 2], kind: 'skip', label: 'skip' }); });
  return { nodes, edges };
}

function labelOf(label: unknown): string | undefined {
  if (typeof label === 'string') return label;
  if (label && typeof label === 'object') return (label as Record<string, string>).en;
  return undefined;
}

function triggerDetail(t: Doc): string | undefined {
  if (t.type === 'record') return [(t.on as string[] | undefined)?.join(', '), (t.fields as string[] | undefined)?.join(', '), t.condition].filter(Boolean).join(' · ');
  if (t.type === 'date') return [t.field, t.offset].filter(Boolean).join(' + ');
  if (t.type === 'cron') return t.cron as string;
  if (t.type === 'approval') return (t.flows as string[] | undefined)?.join(', ');
  return undefined;
}

function stepDetail(s: WorkflowStep): string | undefined {
  const keys = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).join(', ') : undefined);
  switch (s.type) {
    case 'update': case 'create': return [s.object, keys(s.data)].filter(Boolean).join(': ');
    case 'command': return s.command as string;
    case 'script': return s.action as string;
    case 'notify': return typeof s.title === 'string' ? s.title : undefined;
    case 'webhook': return s.url as string;
    case 'wait': return (s.duration ?? s.until ?? s.condition) as string | undefined;
    case 'forEach': case 'callWorkflow': return s.workflow as string;
    case 'startApproval': return s.flow as string | undefined;
    default: return undefined;
  }
}
