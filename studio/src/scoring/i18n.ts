/** Strings of the scoring rule editor (Setup → Scoring). */
export const scoring = {
  en: {
    nav: 'Scoring rules',
    title: 'Scoring rules',
    intro: 'Points by criteria (an expression over the record) and by activity (per related record matching a condition, in a window, capped), summed into a number field. Scores follow every change; saving a rule recomputes every record in the background.',
    empty: 'No scoring rules yet.',
    add: 'Add a scoring rule', edit: 'Edit', remove: 'Delete', save: 'Save rule', cancel: 'Cancel', saved: 'Saved: scores are being recomputed',
    name: 'Name', label: 'Label', object: 'Object', field: 'Score field', active: 'Active',
    criteria: 'Points by criteria', when: 'When (expression)', points: 'Points', addCriterion: 'Add a criterion',
    activities: 'Points by activity', activityObject: 'Activity object', lookup: 'Lookup to the record', condition: 'Condition (expression)', within: 'Within (e.g. P30D)', max: 'At most', addActivity: 'Add an activity rule', removeRow: 'Remove',
    progress: 'Recomputed {{done}} of {{total}}', running: 'Recomputing… {{done}} of {{total}}', pending: 'Recomputation queued',
  },
  'zh-CN': {
    nav: '评分规则',
    title: '评分规则',
    intro: '按条件（记录上的表达式）和按活动（满足条件的相关记录，可限时间窗口、可封顶）计分，汇总到一个数字字段。每次变更后自动更新；保存规则会在后台重算全部记录。',
    empty: '暂无评分规则。',
    add: '新建评分规则', edit: '编辑', remove: '删除', save: '保存规则', cancel: '取消', saved: '已保存：正在重算评分',
    name: '名称', label: '显示名', object: '对象', field: '评分字段', active: '启用',
    criteria: '按条件计分', when: '条件（表达式）', points: '分值', addCriterion: '添加条件',
    activities: '按活动计分', activityObject: '活动对象', lookup: '关联到记录的字段', condition: '条件（表达式）', within: '时间窗口（如 P30D）', max: '封顶', addActivity: '添加活动规则', removeRow: '移除',
    progress: '已重算 {{done}} / {{total}}', running: '重算中… {{done}} / {{total}}', pending: '重算已排队',
  },
};
