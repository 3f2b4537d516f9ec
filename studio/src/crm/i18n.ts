/** Strings of conversion (the Convert dialog, the Setup editor) and collaboration (timeline, followers, notes). */
export const crm = {
  en: {
    convert: {
      button: 'Convert', title: 'Convert {{name}}', run: 'Convert', cancel: 'Cancel', loading: 'Mapping the values…',
      create: 'Create new', existing: 'Use existing', skip: 'Skip', required: 'required',
      existingId: 'Existing {{object}} (record id)', field: 'Field', value: 'Value',
      duplicates: 'Possible duplicates', useThis: 'Use this record', hidden: 'a record you cannot see',
      allowDuplicates: 'Keep possible duplicates (WARN rules)', done: 'Converted', open: 'Open {{object}}',
      refused: 'Conversion refused: {{message}}',
    },
    timeline: {
      section: 'Timeline', empty: 'Nothing yet.', more: 'Load more', from: 'from the {{object}}',
      type: { activity: 'Activity', fieldChange: 'Change', note: 'Note', approval: 'Approval', conversion: 'Conversion', pool: 'Pool' },
      changed: 'changed {{fields}}', created: 'created', deleted: 'deleted', restored: 'restored',
      converted: 'Converted ({{conversion}})', system: 'System',
      note: 'Add a note', addNote: 'Add note',
      follow: 'Follow', unfollow: 'Unfollow', followers: '{{count}} following',
    },
    setup: {
      title: 'Conversions', nav: 'Conversions', none: 'No conversions yet.', object: 'Object', active: 'Active', target: 'Target',
      targetField: 'Target field', source: 'Source', kind: 'From', kinds: { field: 'Field', expr: 'Expression', target: 'Created record', value: 'Value' },
      add: 'Add mapping', remove: 'Remove', save: 'Save', saved: 'Saved', lock: 'Lock the converted record',
    },
  },
  'zh-CN': {
    convert: {
      button: '转化', title: '转化 {{name}}', run: '转化', cancel: '取消', loading: '正在映射字段…',
      create: '新建', existing: '使用已有记录', skip: '跳过', required: '必填',
      existingId: '已有{{object}}（记录 ID）', field: '字段', value: '值',
      duplicates: '可能重复', useThis: '使用此记录', hidden: '一条你无权查看的记录',
      allowDuplicates: '保留可能的重复（提醒规则）', done: '已转化', open: '打开{{object}}',
      refused: '转化被拒绝：{{message}}',
    },
    timeline: {
      section: '动态', empty: '暂无动态。', more: '加载更多', from: '来自{{object}}',
      type: { activity: '跟进', fieldChange: '变更', note: '备注', approval: '审批', conversion: '转化', pool: '公海' },
      changed: '修改了 {{fields}}', created: '创建', deleted: '删除', restored: '恢复',
      converted: '已转化（{{conversion}}）', system: '系统',
      note: '添加备注', addNote: '添加备注',
      follow: '关注', unfollow: '取消关注', followers: '{{count}} 人关注',
    },
    setup: {
      title: '转化规则', nav: '转化规则', none: '暂无转化规则。', object: '对象', active: '启用', target: '目标',
      targetField: '目标字段', source: '来源', kind: '取值方式', kinds: { field: '字段', expr: '表达式', target: '新建的记录', value: '固定值' },
      add: '添加映射', remove: '删除', save: '保存', saved: '已保存', lock: '锁定已转化的记录',
    },
  },
};
