import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeChange, type NodeProps, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef } from 'react';
import type { Graph } from './graph.ts';
import { layoutGraph } from './layout.ts';

export interface CanvasNodeData extends Record<string, unknown> {
  /** What the node is (Trigger, Update record, Any (或签)…), in the UI language. */
  caption: string;
  title: string;
  detail?: string;
  /** "2 problems", when the schema or the server found any on this node. */
  problems?: string;
  kind: string;
}

function ProcessNode({ data, selected }: NodeProps<Node<CanvasNodeData>>) {
  return (
    <div className={`process-node kind-${data.kind}${selected ? ' selected' : ''}${data.problems ? ' invalid' : ''}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="process-node-caption">{data.caption}</div>
      <div className="process-node-title">{data.title}</div>
      {data.detail && <div className="process-node-detail">{data.detail}</div>}
      {data.problems && <div className="process-node-problems">{data.problems}</div>}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { process: ProcessNode };
const FIT = { padding: 0.2, maxZoom: 1 };

/**
 * The node graph both designers draw (workflows and approval flows): @xyflow/react over the
 * graph derived from the document, laid out top to bottom by `layoutGraph`. It only shows and
 * selects: every edit goes through the palette and the side panel, so the document stays the one
 * source of truth. Nodes are buttons named by their caption, title and problems.
 */
export default function ProcessCanvas({ graph, describe, selected, onSelect, label, edgeLabel, ariaLabels }: {
  graph: Graph;
  describe(node: Graph['nodes'][number]): CanvasNodeData;
  selected: string | undefined;
  onSelect(id: string): void;
  label: string;
  edgeLabel(kind: string, label: string | undefined): string | undefined;
  /** xyflow's own accessible texts (descriptions, control buttons) in the UI language. */
  ariaLabels: Record<string, string>;
}) {
  const positions = useMemo(() => layoutGraph(graph), [graph]);
  // The view fits the graph when it opens and again as nodes come or go (after they are measured).
  const flow = useRef<ReactFlowInstance<Node<CanvasNodeData>, Edge> | null>(null);
  const fit = () => requestAnimationFrame(() => { void flow.current?.fitView(FIT); });
  useEffect(() => { fit(); }, [graph.nodes.length]);
  const nodes: Node<CanvasNodeData>[] = graph.nodes.map((n) => {
    const data = describe(n);
    return {
      id: n.id, type: 'process', position: positions.get(n.id) ?? { x: 0, y: 0 }, data, selected: n.id === selected,
      draggable: false, connectable: false, deletable: false, ariaRole: 'button',
      ariaLabel: [data.caption, data.title, data.problems].filter(Boolean).join(', '),
    } as Node<CanvasNodeData>;
  });
  const edges: Edge[] = graph.edges.map((e) => ({
    id: e.id, source: e.source, target: e.target, label: edgeLabel(e.kind, e.label), type: 'smoothstep', deletable: false,
    markerEnd: { type: MarkerType.ArrowClosed }, className: `process-edge kind-${e.kind}`,
  }));
  const onNodesChange = (changes: NodeChange[]) => {
    for (const c of changes) if (c.type === 'select' && c.selected) onSelect(c.id);
  };
  return (
    <div className="process-canvas" aria-label={label} role="region">
      <ReactFlow nodes={nodes} onInit={(instance) => { flow.current = instance; fit(); }} edges={edges} nodeTypes={NODE_TYPES} onNodesChange={onNodesChange} onNodeClick={(_e, n) => onSelect(n.id)}
        fitView fitViewOptions={FIT} nodesConnectable={false} nodesDraggable={false} edgesFocusable={false} deleteKeyCode={null} proOptions={{ hideAttribution: true }} ariaLabelConfig={ariaLabels}>
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
