import { useTranslation } from 'react-i18next';

/**
 * Strings of the workflow and approval designers and their lists (Setup). Only the navigation's
 * labels ship with the first load (`i18n-nav.ts`); the rest joins the `processes` namespace when a
 * designer page loads (`useProcessStrings`), so the shell does not carry them.
 */
export const processes = {
  en: {
    list: {
      workflows: { title: 'Workflows', caption: 'Workflows of this workspace', new: 'New workflow', empty: 'No workflows yet.' },
      approvalFlows: { title: 'Approval flows', caption: 'Approval flows of this workspace', new: 'New approval flow', empty: 'No approval flows yet.' },
      columns: { name: 'Name', object: 'Object', trigger: 'Trigger', active: 'Active', version: 'Version', actions: 'Actions' },
      yes: 'Yes', no: 'No', edit: 'Edit {{name}}', activate: 'Activate {{name}}', deactivate: 'Deactivate {{name}}', delete: 'Delete {{name}}',
      confirmDelete: 'Delete {{name}}? Runs and requests in flight finish on their version.', deleteTitle: 'Delete {{name}}',
    },
    designer: {
      newWorkflows: 'New workflow', newApprovalFlows: 'New approval flow', editWorkflows: 'Workflow {{name}}', editApprovalFlows: 'Approval flow {{name}}',
      name: 'API name', label: 'Label', object: 'Object', active: 'Active', save: 'Save', saved: 'Saved.', history: 'Version history', back: 'Back to the list',
      palette: 'Palette', addStep: 'Add {{type}} step', addNode: 'Add {{mode}} node', canvas: 'Process graph', properties: 'Properties',
      problems_one: '{{count}} problem', problems_other: '{{count}} problems', valid: 'Valid against the schema', schemaLoading: 'Loading the schema…',
      pick: 'Select a node of the graph to edit it.', remove: 'Remove {{id}}', moveUp: 'Move up', moveDown: 'Move down',
      settingsProblems: 'Problems in the settings', saveRefused: 'The server refused the save: see the marked nodes.', notFound: 'There is no {{name}}.',
      nodeLabel: '{{kind}} {{title}}', unsaved: 'Unsaved changes',
    },
    canvas: { select: 'Press Enter or Space to select a node and edit it in Properties.', edge: 'Where the flow goes next.', controls: 'View controls', zoomIn: 'Zoom in', zoomOut: 'Zoom out', fitView: 'Fit the graph', handle: 'Connection point' },
    graph: { trigger: 'Trigger', entry: 'Entry criteria', end: 'End', approved: 'Approved', step: 'Step', node: 'Node', otherwise: 'otherwise', skip: 'skip' },
    stepTypes: {
      branch: 'Branch', update: 'Update record', create: 'Create record', command: 'Run command', script: 'Run script', notify: 'Notify',
      webhook: 'Webhook', wait: 'Wait', forEach: 'For each', callWorkflow: 'Call workflow', startApproval: 'Start approval',
    },
    triggerTypes: { record: 'Record changed', date: 'Date relative', cron: 'Schedule (cron)', manual: 'Manual', webhook: 'Inbound webhook', approval: 'Approval outcome' },
    modes: { sequential: 'Sequential', all: 'All (会签)', any: 'Any (或签)', vote: 'Vote (票签)' },
    approverTypes: { user: 'Users', role: 'Role', manager: 'Manager', field: 'User field', group: 'Claimable group' },
    props: {
      type: 'Trigger type', id: 'Id', label: 'Label', next: 'Then go to', otherwise: 'Otherwise go to', branches: 'Branches', object: 'Object', record: 'Record id',
      filter: 'Filter (JSON)', data: 'Field values', command: 'Command', action: 'Script action', input: 'Input', to: 'Recipients', title: 'Title', body: 'Body',
      email: 'Also by e-mail', url: 'URL', method: 'Method', duration: 'Duration', business: 'In business time', until: 'Until (date expression)',
      condition: 'Condition', timeout: 'Timeout', workflow: 'Workflow', flow: 'Approval flow', max: 'At most', wait: 'Wait for it', on: 'On', fields: 'Only when these fields change',
      field: 'Date field', offset: 'Offset', cron: 'Cron', timeZone: 'Time zone', flows: 'Flows (JSON list)', outcomes: 'Outcomes', description: 'Description',
      calendar: 'Business calendar', runAs: 'Run as (user id)', secret: 'Webhook secret (HMAC key)', mode: 'Mode', threshold: 'Threshold (0–1)', approvers: 'Approvers', cc: 'CC',
      entryCriteria: 'Entry criteria', order: 'Order', onSubmit: 'On submit: update', onApproved: 'On approval: update', onRejected: 'On rejection: update',
    },
    targets: { following: 'The next step in the list', end: 'End' },
    options: { create: 'created', update: 'updated', delete: 'deleted', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn', terminated: 'terminated' },
    values: { field: 'Field', key: 'Name', mode: 'Kind', text: 'Text', expr: 'Expression', json: 'JSON', value: 'Value', add: 'Add value', remove: 'Remove' },
    branches: { when: 'Branch {{n}}: when', next: 'Branch {{n}}: go to', add: 'Add branch', remove: 'Remove branch {{n}}' },
    approvers: { type: 'Approver {{n}}: type', users: 'Approver {{n}}: users', role: 'Approver {{n}}: role', depth: 'Approver {{n}}: manager level', field: 'Approver {{n}}: user field', group: 'Approver {{n}}: group', weight: 'Approver {{n}}: weight', add: 'Add approver', remove: 'Remove approver {{n}}' },
    timeout: { after: 'Timeout after', business: 'Timeout in business time', action: 'On timeout', set: 'Set a timeout', clear: 'No timeout', actions: { escalate: 'Escalate to the manager', approve: 'Approve', reject: 'Reject' } },
    history: {
      title: 'Version history of {{name}}', version: 'Version {{version}}', from: 'From version', to: 'To version', empty: 'No versions yet: save first.',
      settings: 'Settings', added: 'added', removed: 'removed', changed: 'changed', none: 'No differences.', reordered: 'The order of steps changed.', diff: 'Differences',
      absent: '(none)',
    },
  },
  'zh-CN': {
    list: {
      workflows: { title: '工作流', caption: '本工作区的工作流', new: '新建工作流', empty: '还没有工作流。' },
      approvalFlows: { title: '审批流', caption: '本工作区的审批流', new: '新建审批流', empty: '还没有审批流。' },
      columns: { name: '名称', object: '对象', trigger: '触发器', active: '启用', version: '版本', actions: '操作' },
      yes: '是', no: '否', edit: '编辑 {{name}}', activate: '启用 {{name}}', deactivate: '停用 {{name}}', delete: '删除 {{name}}',
      confirmDelete: '删除 {{name}}？进行中的运行和申请按其版本完成。', deleteTitle: '删除 {{name}}',
    },
    designer: {
      newWorkflows: '新建工作流', newApprovalFlows: '新建审批流', editWorkflows: '工作流 {{name}}', editApprovalFlows: '审批流 {{name}}',
      name: 'API 名称', label: '标签', object: '对象', active: '启用', save: '保存', saved: '已保存。', history: '版本历史', back: '返回列表',
      palette: '组件面板', addStep: '添加{{type}}步骤', addNode: '添加{{mode}}节点', canvas: '流程图', properties: '属性',
      problems_one: '{{count}} 个问题', problems_other: '{{count}} 个问题', valid: '符合 JSON Schema', schemaLoading: '正在加载 Schema…',
      pick: '在流程图中选择一个节点进行编辑。', remove: '删除 {{id}}', moveUp: '上移', moveDown: '下移',
      settingsProblems: '设置中的问题', saveRefused: '服务器拒绝保存：请查看标记的节点。', notFound: '不存在 {{name}}。',
      nodeLabel: '{{kind}} {{title}}', unsaved: '有未保存的更改',
    },
    canvas: { select: '按 Enter 或空格键选择节点，并在“属性”中编辑。', edge: '流程的下一步去向。', controls: '视图控制', zoomIn: '放大', zoomOut: '缩小', fitView: '适应画布', handle: '连接点' },
    graph: { trigger: '触发器', entry: '进入条件', end: '结束', approved: '通过', step: '步骤', node: '节点', otherwise: '否则', skip: '跳过' },
    stepTypes: {
      branch: '条件分支', update: '更新记录', create: '创建记录', command: '执行命令', script: '运行脚本', notify: '发送通知',
      webhook: 'Webhook', wait: '等待', forEach: '循环处理', callWorkflow: '调用子工作流', startApproval: '发起审批',
    },
    triggerTypes: { record: '记录变更', date: '相对日期', cron: '定时 (cron)', manual: '手动', webhook: '入站 Webhook', approval: '审批结果' },
    modes: { sequential: '依次审批', all: '会签', any: '或签', vote: '票签' },
    approverTypes: { user: '指定用户', role: '角色', manager: '上级主管', field: '用户字段', group: '可认领的组' },
    props: {
      type: '触发类型', id: '标识', label: '标签', next: '然后转到', otherwise: '否则转到', branches: '分支', object: '对象', record: '记录 ID',
      filter: '筛选 (JSON)', data: '字段值', command: '命令', action: '脚本动作', input: '输入', to: '接收人', title: '标题', body: '正文',
      email: '同时发送邮件', url: 'URL', method: '方法', duration: '时长', business: '按工作时间', until: '直到（日期表达式）',
      condition: '条件', timeout: '超时', workflow: '工作流', flow: '审批流程', max: '最多', wait: '等待其完成', on: '触发于', fields: '仅当这些字段变更时',
      field: '日期字段', offset: '偏移', cron: 'Cron', timeZone: '时区', flows: '审批流（JSON 列表）', outcomes: '结果', description: '描述',
      calendar: '工作日历', runAs: '运行身份（用户 ID）', secret: 'Webhook 密钥（HMAC）', mode: '审批方式', threshold: '通过比例 (0–1)', approvers: '审批人', cc: '抄送',
      entryCriteria: '进入条件', order: '顺序', onSubmit: '提交时更新', onApproved: '通过时更新', onRejected: '驳回时更新',
    },
    targets: { following: '列表中的下一步', end: '结束' },
    options: { create: '创建', update: '更新', delete: '删除', approved: '通过', rejected: '驳回', withdrawn: '撤销', terminated: '终止' },
    values: { field: '字段', key: '名称', mode: '类型', text: '文本', expr: '表达式', json: 'JSON', value: '值', add: '添加值', remove: '删除' },
    branches: { when: '分支 {{n}}：当', next: '分支 {{n}}：转到', add: '添加分支', remove: '删除分支 {{n}}' },
    approvers: { type: '审批人 {{n}}：类型', users: '审批人 {{n}}：用户', role: '审批人 {{n}}：角色', depth: '审批人 {{n}}：上级层级', field: '审批人 {{n}}：用户字段', group: '审批人 {{n}}：组', weight: '审批人 {{n}}：权重', add: '添加审批人', remove: '删除审批人 {{n}}' },
    timeout: { after: '超时时长', business: '超时按工作时间', action: '超时后', set: '设置超时', clear: '不设超时', actions: { escalate: '升级给上级', approve: '自动通过', reject: '自动驳回' } },
    history: {
      title: '{{name}} 的版本历史', version: '版本 {{version}}', from: '起始版本', to: '目标版本', empty: '还没有版本：请先保存。',
      settings: '设置', added: '新增', removed: '删除', changed: '修改', none: '没有差异。', reordered: '步骤顺序有变化。', diff: '差异',
      absent: '（无）',
    },
  },
};

/** Adds the designers' strings to the `processes` namespace (once per i18n instance), before the page's first `t`. */
export function useProcessStrings(): void {
  const { i18n } = useTranslation();
  if (i18n.getResource('en', 'processes', 'designer.save')) return;
  for (const [language, strings] of Object.entries(processes)) i18n.addResourceBundle(language, 'processes', strings, true, true);
}
