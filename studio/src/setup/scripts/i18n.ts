/** Strings of the script editor and the failures ("run trace") view. */
export const scripts = {
  en: {
    title: 'Scripts',
    list: {
      caption: 'Scripts of this workspace', name: 'Name', version: 'Version', language: 'Language', status: 'Status',
      active: 'Active', inactive: 'Not active', olderActive: 'Version {{version}} active', empty: 'No scripts yet.', new: 'New script',
    },
    editor: {
      newTitle: 'New script', editTitle: 'Script {{name}}', name: 'Script name', language: 'Language', source: 'Source code',
      save: 'Save script', delete: 'Delete script {{name}}', confirmDelete: 'Delete the script {{name}}? No version of it will run.',
      saved: 'Version {{version}} saved and active.', savedWithErrors: 'Version {{version}} has errors: saved, but not activated.',
      pick: 'Pick a script or create one.', completionHint: 'Ctrl+Space completes object names, fields and ctx.',
    },
    diagnostics: {
      title_one: '{{count}} problem', title_other: '{{count}} problems', at: 'Line {{line}}, column {{column}}', error: 'error', warning: 'warning',
    },
    types: { title: 'Types', hint: 'Declarations generated from your objects: scripts are checked against them when saved.' },
    failures: {
      title: 'Run trace of the last failures', refresh: 'Refresh failures', none: 'No failed runs.', noTrace: 'No trace recorded for this run.',
      script: '{{name}} (version {{version}})', noScript: 'Save pipeline', traceCaption: 'Steps up to the failure',
      columns: { step: 'Step', hook: 'Hook', object: 'Object', records: 'Records', ms: 'Time (ms)', queries: 'Statements' },
    },
  },
  'zh-CN': {
    title: '脚本',
    list: {
      caption: '本工作区的脚本', name: '名称', version: '版本', language: '语言', status: '状态',
      active: '已启用', inactive: '未启用', olderActive: '已启用版本 {{version}}', empty: '还没有脚本。', new: '新建脚本',
    },
    editor: {
      newTitle: '新建脚本', editTitle: '脚本 {{name}}', name: '脚本名称', language: '语言', source: '源代码',
      save: '保存脚本', delete: '删除脚本 {{name}}', confirmDelete: '删除脚本 {{name}}？它的任何版本都将不再运行。',
      saved: '版本 {{version}} 已保存并启用。', savedWithErrors: '版本 {{version}} 有错误：已保存，但未启用。',
      pick: '请选择或新建一个脚本。', completionHint: 'Ctrl+空格 可补全对象名、字段和 ctx。',
    },
    diagnostics: {
      title_one: '{{count}} 个问题', title_other: '{{count}} 个问题', at: '第 {{line}} 行，第 {{column}} 列', error: '错误', warning: '警告',
    },
    types: { title: '类型', hint: '根据你的对象生成的声明：保存脚本时会据此进行检查。' },
    failures: {
      title: '最近失败的运行追踪', refresh: '刷新失败记录', none: '没有失败的运行。', noTrace: '此次运行没有记录追踪。',
      script: '{{name}}（版本 {{version}}）', noScript: '保存流程', traceCaption: '失败前的步骤',
      columns: { step: '步骤', hook: '钩子', object: '对象', records: '记录数', ms: '耗时（毫秒）', queries: '语句数' },
    },
  },
};
