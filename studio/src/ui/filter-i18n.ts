/** Strings of the filter builder; spread into the namespaces of the features that use it. */
export const filterStrings = {
  en: {
    legend: 'Filters',
    none: 'No conditions: every record.',
    field: 'Field of condition {{n}}',
    operator: 'Operator of condition {{n}}',
    value: 'Value of condition {{n}}',
    remove: 'Remove condition {{n}}',
    add: 'Add condition',
    listHint: 'Several values: separate them with commas',
    chooseField: 'Choose a field',
    operators: {
      eq: 'equals', neq: 'does not equal', in: 'is one of', nin: 'is none of', gt: 'greater than', gte: 'at least',
      lt: 'less than', lte: 'at most', isNull: 'is empty', like: 'matches (like)', ilike: 'matches (any case)',
      startsWith: 'starts with', endsWith: 'ends with', contains: 'contains', containsAny: 'contains any of', containsAll: 'contains all of', under: 'is under (id)', above: 'is above (id)',
    },
  },
  'zh-CN': {
    legend: '筛选条件',
    none: '没有条件：所有记录。',
    field: '条件 {{n}} 的字段',
    operator: '条件 {{n}} 的运算符',
    value: '条件 {{n}} 的值',
    remove: '删除条件 {{n}}',
    add: '添加条件',
    listHint: '多个值请用逗号分隔',
    chooseField: '选择字段',
    operators: {
      eq: '等于', neq: '不等于', in: '属于', nin: '不属于', gt: '大于', gte: '大于等于',
      lt: '小于', lte: '小于等于', isNull: '为空', like: '匹配（like）', ilike: '匹配（不区分大小写）',
      startsWith: '开头是', endsWith: '结尾是', contains: '包含', containsAny: '包含任一', containsAll: '包含全部', under: '位于其下（ID）', above: '位于其上（ID）',
    },
  },
};
