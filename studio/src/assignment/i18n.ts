/** Strings of the dispatch and assignment rule editors (Setup → Assignment). */
export const assignment = {
  en: {
    title: 'Dispatch and assignment', intro: 'Assignment rules give records to a rep, in order; dispatch rules move records to the next stage\'s team inside working hours.',
    assignmentRules: 'Assignment rules', dispatchRules: 'Dispatch rules', add: 'New rule', edit: 'Edit', remove: 'Delete', save: 'Save rule', saved: 'Saved.', cancel: 'Cancel', empty: 'No rules yet.',
    name: 'Name', object: 'Object', order: 'Order', active: 'Active', when: 'Condition (expression)', strategy: 'Strategy', team: 'Team (users, roles, groups)',
    userField: 'Field naming the rep', capacity: 'Capacity per rep', scoreField: 'Score field',
    perfObject: 'Performance: object', perfMeasure: 'Performance: measure', measures: { amount: 'Won amount', conversion: 'Won / all records' }, perfField: 'Performance: status field', perfWon: 'Won values', perfAmount: 'Amount field',
    strategies: { roundRobin: 'Round-robin', loadBalanced: 'By capacity and load', named: 'The rep the customer named', bestToBest: 'Best records to best reps' },
    requiredFields: 'Required fields', scoreMin: 'Minimum score', pool: 'Move to pool', noPool: 'Stay in its pool', set: 'Values to set', setField: 'Set field', setValue: 'to value', addSet: 'Add a value', removeSet: 'Remove', yes: 'Yes', no: 'No',
    assign: 'Then apply the assignment rules', calendar: 'Business calendar', defaultCalendar: 'default (the tenant\'s working hours)',
  },
  'zh-CN': {
    title: '派单与分配', intro: '分配规则按顺序把记录分给销售；派单规则在工作时间内把记录移交给下一阶段的团队。',
    assignmentRules: '分配规则', dispatchRules: '派单规则', add: '新建规则', edit: '编辑', remove: '删除', save: '保存规则', saved: '已保存。', cancel: '取消', empty: '暂无规则。',
    name: '名称', object: '对象', order: '顺序', active: '启用', when: '条件（表达式）', strategy: '策略', team: '团队（用户、角色、小组）',
    userField: '指定销售的字段', capacity: '每人容量', scoreField: '评分字段',
    perfObject: '业绩：对象', perfMeasure: '业绩：衡量方式', measures: { amount: '赢单金额', conversion: '赢单数 / 全部记录' }, perfField: '业绩：状态字段', perfWon: '赢单取值', perfAmount: '金额字段',
    strategies: { roundRobin: '轮询', loadBalanced: '按容量与负载', named: '客户指定的销售', bestToBest: '优质线索给优秀销售' },
    requiredFields: '必填字段', scoreMin: '最低评分', pool: '移入线索池', noPool: '留在原线索池', set: '设置字段值', setField: '设置字段', setValue: '为', addSet: '添加字段值', removeSet: '移除', yes: '是', no: '否',
    assign: '随后执行分配规则', calendar: '工作日历', defaultCalendar: 'default（租户的工作时间）',
  },
};
