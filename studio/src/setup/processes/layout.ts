import type { Graph } from './graph.ts';

/** Where a node sits: its top-left corner in the canvas's coordinates. */
export interface Position { x: number; y: number }

export const NODE_WIDTH = 220;
export const LAYER_GAP = 110;
export const COLUMN_GAP = 260;

/**
 * A simple layered layout, top to bottom (ours: dagre and elkjs weigh far more than the few dozen
 * nodes a process has need). Each node's layer is its longest path from the roots along forward
 * edges (an edge back to a node already on the path — a loop — is ignored for layering), so every
 * forward edge points down; the end node takes the last layer. Nodes of one layer sit side by side,
 * centred, in the order they were first reached (a branch's targets in branch order).
 */
export function layoutGraph(graph: Graph): Map<string, Position> {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const targets = new Set(graph.edges.map((e) => e.target));
  const roots = graph.nodes.filter((n) => !targets.has(n.id) && n.kind !== 'end').map((n) => n.id);
  if (!roots.length && graph.nodes.length) roots.push(graph.nodes[0].id);

  // Back edges: those closing a cycle in a depth-first walk from the roots (in node order).
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const next of out.get(id) ?? []) {
      if (state.get(next) === 'open') back.add(`${id}\u0000${next}`);
      else if (!state.has(next)) visit(next);
    }
    state.set(id, 'done');
  };
  for (const r of roots) if (!state.has(r)) visit(r);
  for (const n of graph.nodes) if (!state.has(n.id)) visit(n.id);

  // Longest path over the forward edges (a DAG now): relax in topological order.
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  const forward = graph.edges.filter((e) => !back.has(`${e.source}\u0000${e.target}`) && indegree.has(e.target) && indegree.has(e.source));
  for (const e of forward) indegree.set(e.target, indegree.get(e.target)! + 1);
  const layer = new Map(graph.nodes.map((n) => [n.id, 0]));
  const queue = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const e of forward) if (e.source === id) {
      layer.set(e.target, Math.max(layer.get(e.target)!, layer.get(id)! + 1));
      indegree.set(e.target, indegree.get(e.target)! - 1);
      if (indegree.get(e.target) === 0) queue.push(e.target);
    }
  }
  const last = Math.max(0, ...[...layer.entries()].filter(([id]) => graph.nodes.find((n) => n.id === id)?.kind !== 'end').map(([, l]) => l));
  for (const n of graph.nodes) if (n.kind === 'end') layer.set(n.id, Math.max(layer.get(n.id)!, last + 1));

  const rows = new Map<number, string[]>();
  for (const id of order) rows.set(layer.get(id)!, [...(rows.get(layer.get(id)!) ?? []), id]);
  const positions = new Map<string, Position>();
  for (const [l, ids] of rows) ids.forEach((id, i) => positions.set(id, { x: (i - (ids.length - 1) / 2) * COLUMN_GAP - NODE_WIDTH / 2, y: l * LAYER_GAP }));
  return positions;
}
