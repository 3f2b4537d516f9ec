/** Strings of the setup audit trail. */
export const audit = {
  en: {
    title: 'Setup audit trail',
    intro: 'Every configuration change, newest first: who made it, through what, and the item before and after.',
    filters: 'Filters', kind: 'Kind', allKinds: 'All kinds', author: 'Author', anyone: 'Anyone', system: 'System (CLI, templates)',
    target: 'Item contains', apply: 'Apply filters', clear: 'Clear',
    caption: 'Configuration changes',
    columns: { at: 'When', author: 'Author', via: 'Through', kind: 'Kind', action: 'Change', target: 'Item', details: 'Details' },
    show: 'Before and after', before: 'Before', after: 'After', none: '(none)',
    version: 'Metadata version {{version}}', securityVersion: 'security version {{version}}',
    empty: 'No changes match.', more: 'Show older changes', loadingMore: 'Loading…',
    forbidden: 'The audit trail needs the Manage objects or Manage users capability.',
    via: { api: 'API', studio: 'Studio', cli: 'CLI', template: 'Template', system: 'System' },
    kinds: {
      object: 'Object', script: 'Script', role: 'Role', permissionSet: 'Permission set', group: 'Group', sharingRule: 'Sharing rule',
      listView: 'List view', dashboard: 'Dashboard', user: 'User', apiKey: 'API key', share: 'Record share',
    },
  },
  'zh-CN': {
    title: '设置审计记录',
    intro: '所有配置变更，最新的在前：谁做的、通过什么途径，以及变更前后的内容。',
    filters: '筛选', kind: '类型', allKinds: '全部类型', author: '操作人', anyone: '任何人', system: '系统（命令行、模板）',
    target: '项目包含', apply: '应用筛选', clear: '清除',
    caption: '配置变更',
    columns: { at: '时间', author: '操作人', via: '途径', kind: '类型', action: '变更', target: '项目', details: '详情' },
    show: '变更前后', before: '变更前', after: '变更后', none: '（无）',
    version: '元数据版本 {{version}}', securityVersion: '安全版本 {{version}}',
    empty: '没有符合条件的变更。', more: '显示更早的变更', loadingMore: '加载中…',
    forbidden: '查看审计记录需要“管理对象”或“管理用户”权限。',
    via: { api: 'API', studio: '工作室', cli: '命令行', template: '模板', system: '系统' },
    kinds: {
      object: '对象', script: '脚本', role: '角色', permissionSet: '权限集', group: '组', sharingRule: '共享规则',
      listView: '列表视图', dashboard: '仪表板', user: '用户', apiKey: 'API 密钥', share: '记录共享',
    },
  },
};
