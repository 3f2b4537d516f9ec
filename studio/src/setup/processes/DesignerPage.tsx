import '../../ui/admin.css';
import './processes.css';
import { Alert, App, Button, Input, Spin, Switch, Typography } from 'antd';
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProcessStrings } from './i18n.ts';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/graphql.ts';
import { useRecordObjects } from '../../api/record-objects.ts';
import { ButtonLink } from '../../ui/design/ButtonLink.tsx';
import { Select } from '../../ui/design/Select.tsx';
import { useDefinitions, useSaveDefinition, useSchemas, useUserChoices } from './api.ts';
import { approvalGraph, workflowGraph, type GraphNode } from './graph.ts';
import { APPROVAL_FLOWS, labelText, NODE_MODES, STEP_TYPES, WORKFLOWS, type ApprovalFlowDoc, type Doc, type ProcessKind, type WorkflowDoc } from './model.ts';
import { addItem, moveItem, removeItem, renameStep, replaceItem } from './edit.ts';
import { FLOW_SETTINGS, NODE_PROPS, STEP_PROPS, TRIGGER_PROPS, WORKFLOW_SETTINGS } from './props.ts';
import { PropsForm } from './PropsForm.tsx';
import { compileKindSchema, problemsByNode, schemaProblems, serverProblems, type Problem } from './validate.ts';
import { VersionHistory } from './VersionHistory.tsx';
import type { EditorContext } from './editors.tsx';

// The canvas brings @xyflow/react: its own chunk, loaded with the designer.
const ProcessCanvas = lazy(() => import('./ProcessCanvas.tsx'));

export function WorkflowDesignerPage() {
  return <DesignerPage kind={WORKFLOWS} />;
}

export function ApprovalFlowDesignerPage() {
  return <DesignerPage kind={APPROVAL_FLOWS} />;
}

/** `/setup/workflows/<name>` (or `new`): loads the definition, then the designer edits a copy of it. */
function DesignerPage({ kind }: { kind: ProcessKind }) {
  useProcessStrings();
  const { t } = useTranslation('processes');
  const { name = 'new' } = useParams();
  const definitions = useDefinitions(kind);
  const isNew = name === 'new';
  const found = definitions.data?.find((d) => d.name === name)?.definition;
  if (!isNew && definitions.isLoading) return <Spin />;
  if (!isNew && !found) return <Alert type="error" title={t('designer.notFound', { name })} />;
  return <Designer key={name} kind={kind} initial={isNew ? kind.blank() : found!} isNew={isNew} />;
}

/**
 * The designer: the document is the state, the graph and the problems are drawn from it. The
 * schema (`GET /metadata/schema`, compiled by ajv) checks the document on every edit and each
 * problem lands on the node its pointer is in, and on the property in the side panel; a server
 * refusal's pointers land the same way.
 */
function Designer({ kind, initial, isNew }: { kind: ProcessKind; initial: Doc; isNew: boolean }) {
  const { t, i18n } = useTranslation('processes');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const uid = useId();
  const [doc, setDoc] = useState<Doc>(initial);
  // What the server holds (the loaded item, then each save): unsaved changes are the difference.
  const [base, setBase] = useState<Doc>(initial);
  const [selected, setSelected] = useState<string | undefined>(kind.items === 'steps' ? 'trigger' : 'entry');
  const [refused, setRefused] = useState<Problem[]>([]);
  const [history, setHistory] = useState(false);
  const schemas = useSchemas();
  const objects = useRecordObjects();
  const users = useUserChoices();
  const save = useSaveDefinition(kind);
  const validate = useMemo(() => (schemas.data ? compileKindSchema(schemas.data, kind) : undefined), [schemas.data, kind]);
  const problems = useMemo(() => [...(validate ? schemaProblems(validate, doc) : []), ...refused], [validate, doc, refused]);
  const byNode = useMemo(() => problemsByNode(kind, problems), [kind, problems]);
  const graph = useMemo(() => (kind.items === 'steps' ? workflowGraph(doc as WorkflowDoc) : approvalGraph(doc as ApprovalFlowDoc)), [doc, kind]);
  const items = (doc[kind.items] as Doc[] | undefined) ?? [];
  const change = (next: Doc) => { setDoc(next); setRefused([]); };
  const ctx: EditorContext = { objects: objects.data ?? [], object: doc.object as string | undefined, stepIds: items.map((s) => String(s.id)), users: users.data ?? [] };
  const dirty = JSON.stringify(doc) !== JSON.stringify(base);

  const onSave = async () => {
    if (problems.length) { message.error(t('designer.problems', { count: problems.length })); return; }
    try {
      await save.mutateAsync(doc);
      setBase(doc);
      message.success(t('designer.saved'));
      if (isNew) navigate(`${kind.path}/${doc.name}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.details.length) { setRefused(serverProblems(kind, error.details)); message.error(t('designer.saveRefused')); }
      else message.error((error as Error).message);
    }
  };

  const describe = (n: GraphNode) => {
    const count = byNode.get(n.id)?.length ?? 0;
    const caption = n.kind === 'trigger' ? `${t('graph.trigger')}: ${t(`triggerTypes.${n.type}`)}`
      : n.kind === 'entry' ? t('graph.entry')
      : n.kind === 'end' ? (kind.items === 'nodes' ? t('graph.approved') : t('graph.end'))
      : n.kind === 'step' ? t(`stepTypes.${n.type}`) : t(`modes.${n.type}`);
    const title = n.kind === 'node' ? labelText((items[n.index!] as Doc).label, i18n.language) ?? String(items[n.index!].id) : n.kind === 'step' || n.kind === 'entry' || n.kind === 'trigger' ? (n.kind === 'step' ? n.title : '') : '';
    return { caption, title, detail: n.detail, kind: n.kind, problems: count ? t('designer.problems', { count }) : undefined };
  };
  const selectedProblems = (id: string) => byNode.get(id) ?? [];
  const settingsProblems = byNode.get('settings') ?? [];

  const panel = () => {
    if (!selected || selected === 'end') return <p className="hint">{t('designer.pick')}</p>;
    if (selected === 'trigger') {
      const trigger = doc.trigger as Doc & { type: string };
      const problems = selectedProblems('trigger');
      return (
        <>
          <div className="form-row">
            <label htmlFor={`${uid}-trigger-type`}>{t('props.type')}</label>
            <Select id={`${uid}-trigger-type`} value={trigger.type} onChange={(type) => change({ ...doc, trigger: type === 'record' ? { type, on: ['create'] } : { type } })}
              options={Object.keys(TRIGGER_PROPS).map((x) => ({ value: x, label: t(`triggerTypes.${x}`) }))} />
          </div>
          <PropsForm key={`trigger:${trigger.type}`} props={TRIGGER_PROPS[trigger.type] ?? []} value={trigger} onChange={(next) => change({ ...doc, trigger: next })} ctx={ctx} problems={problems} rules={trigger.type === 'record'} />
          <PropsForm key="settings" props={WORKFLOW_SETTINGS} value={doc} onChange={(next) => change(next)} ctx={ctx} problems={problems} />
        </>
      );
    }
    if (selected === 'entry') return <PropsForm key="entry" props={FLOW_SETTINGS} value={doc} onChange={change} ctx={ctx} problems={selectedProblems('entry')} />;
    const index = Number(selected.split(':')[1]);
    const item = items[index];
    if (!item) return <p className="hint">{t('designer.pick')}</p>;
    const props = kind.items === 'steps' ? STEP_PROPS[String(item.type)] ?? [] : NODE_PROPS;
    return (
      <>
        <div className="toolbar">
          <Button size="small" disabled={index === 0} onClick={() => { change(moveItem(doc, kind.items, index, -1)); setSelected(`${selected.split(':')[0]}:${index - 1}`); }}>{t('designer.moveUp')}</Button>
          <Button size="small" disabled={index === items.length - 1} onClick={() => { change(moveItem(doc, kind.items, index, 1)); setSelected(`${selected.split(':')[0]}:${index + 1}`); }}>{t('designer.moveDown')}</Button>
          <Button size="small" danger onClick={() => { change(removeItem(doc, kind.items, index)); setSelected(undefined); }}>{t('designer.remove', { id: item.id })}</Button>
        </div>
        <PropsForm key={`${selected}:${items.length}`} props={props} value={item} ctx={ctx} problems={selectedProblems(selected)}
          onChange={(next) => change(kind.items === 'steps' && next.id !== item.id ? renameStep(replaceItem(doc, kind.items, index, next), String(item.id), String(next.id)) : replaceItem(doc, kind.items, index, next))} />
      </>
    );
  };

  const title = isNew ? t(`designer.new${kind.name[0].toUpperCase()}${kind.name.slice(1)}`) : t(`designer.edit${kind.name[0].toUpperCase()}${kind.name.slice(1)}`, { name: initial.name });
  const afterIndex = selected?.startsWith('step:') || selected?.startsWith('node:') ? Number(selected.split(':')[1]) : undefined;
  const add = (what: string) => {
    const { doc: next, index } = addItem(doc, kind.items, what, afterIndex);
    change(next);
    setSelected(`${kind.items === 'steps' ? 'step' : 'node'}:${index}`);
  };
  return (
    <div className="process-designer">
      <div className="process-header">
        <ButtonLink to={kind.path} size="small">{t('designer.back')}</ButtonLink>
        <Typography.Title level={1}>{title}</Typography.Title>
        <div className="process-header-fields">
          <label htmlFor={`${uid}-name`}>{t('designer.name')}</label>
          <Input id={`${uid}-name`} value={String(doc.name ?? '')} disabled={!isNew} onChange={(e) => change({ ...doc, name: e.target.value })}
            aria-invalid={settingsProblems.some((p) => p.pointer === '/name') || undefined} style={{ width: 180 }} />
          <label htmlFor={`${uid}-object`}>{t('designer.object')}</label>
          <Select id={`${uid}-object`} value={String(doc.object ?? '')} style={{ minWidth: 180 }} allowClear={kind.items === 'steps'}
            onChange={(object) => { const { object: _o, ...rest } = doc; change(object ? { ...rest, object } : rest); }}
            options={(objects.data ?? []).map((o) => ({ value: o.name, label: `${o.label} (${o.name})` }))} />
          <label htmlFor={`${uid}-active`}>{t('designer.active')}</label>
          <Switch id={`${uid}-active`} size="small" checked={doc.active !== false} onChange={(on) => change({ ...doc, active: on })} />
          <Button type="primary" onClick={onSave} loading={save.isPending}>{t('designer.save')}</Button>
          {!isNew && <Button onClick={() => setHistory(true)}>{t('designer.history')}</Button>}
          {dirty && <span className="hint">{t('designer.unsaved')}</span>}
        </div>
        <p role="status" className={problems.length ? 'process-status invalid' : 'process-status'}>
          {!validate ? t('designer.schemaLoading') : problems.length ? t('designer.problems', { count: problems.length }) : t('designer.valid')}
        </p>
        {settingsProblems.length > 0 && <Alert type="error" showIcon title={t('designer.settingsProblems')} description={<ul>{settingsProblems.map((p, i) => <li key={i}><code>{p.pointer}</code> {p.message}</li>)}</ul>} />}
      </div>
      <div className="process-body">
        <aside className="process-palette" aria-label={t('designer.palette')}>
          {kind.items === 'steps'
            ? STEP_TYPES.map((type) => <Button key={type} size="small" block onClick={() => add(type)}>{t('designer.addStep', { type: t(`stepTypes.${type}`) })}</Button>)
            : NODE_MODES.map((mode) => <Button key={mode} size="small" block onClick={() => add(mode)}>{t('designer.addNode', { mode: t(`modes.${mode}`) })}</Button>)}
        </aside>
        <Suspense fallback={<Spin />}>
          <ProcessCanvas graph={graph} describe={describe} selected={selected} onSelect={setSelected} label={t('designer.canvas')}
            edgeLabel={(k, l) => (k === 'otherwise' ? t('graph.otherwise') : k === 'skip' ? t('graph.skip') : l)}
            ariaLabels={{
              'node.a11yDescription.default': t('canvas.select'), 'node.a11yDescription.keyboardDisabled': t('canvas.select'), 'edge.a11yDescription.default': t('canvas.edge'),
              'controls.ariaLabel': t('canvas.controls'), 'controls.zoomIn.ariaLabel': t('canvas.zoomIn'), 'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
              'controls.fitView.ariaLabel': t('canvas.fitView'), 'handle.ariaLabel': t('canvas.handle'),
            }} />
        </Suspense>
        <section className="process-panel" aria-label={t('designer.properties')}>
          <Typography.Title level={2}>{t('designer.properties')}</Typography.Title>
          {panel()}
        </section>
      </div>
      {!isNew && <VersionHistory kind={kind} name={String(initial.name)} open={history} onClose={() => setHistory(false)} />}
    </div>
  );
}
