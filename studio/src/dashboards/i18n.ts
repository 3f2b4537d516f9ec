import { filterStrings } from '../ui/filter-i18n.ts';

/** Strings of dashboards and chart blocks. */
export const dashboards = {
  en: {
    title: 'Dashboards', empty: 'No dashboards yet.', new: 'New dashboard', newTitle: 'New dashboard', loading: 'Loading…',
    notFound: 'No such dashboard', charts_one: '{{count}} chart', charts_other: '{{count}} charts', edit: 'Edit dashboard',
    delete: 'Delete dashboard {{name}}', confirmDelete: 'Delete the dashboard {{name}}?', preview: 'Preview',
    editor: {
      formLabel: 'Dashboard editor', name: 'Dashboard name', addChart: 'Add chart', save: 'Save dashboard', cancel: 'Cancel',
      block: 'Chart {{n}}', title: 'Title', object: 'Object', measure: 'Measure', measureField: 'Of field', groupBy: 'Group by',
      noGroup: 'No grouping (one total)', bucket: 'Date bucket', chart: 'Chart type', removeBlock: 'Remove chart {{n}}',
    },
    measure: { count: 'Count', sum: 'Sum', avg: 'Average', min: 'Minimum', max: 'Maximum', of: '{{fn}} of {{field}}' },
    buckets: { DAY: 'Day', WEEK: 'Week', MONTH: 'Month', QUARTER: 'Quarter', YEAR: 'Year' },
    chart: {
      types: { bar: 'Bar chart', line: 'Line chart', pie: 'Pie chart', funnel: 'Funnel chart' },
      defaultTitle: '{{measure}} of {{object}}', by: ' by {{field}}', group: 'Group', empty: '(empty)',
      summary_one: '{{type}}: {{measure}} of {{object}}{{group}}, {{count}} value (table below).',
      summary_other: '{{type}}: {{measure}} of {{object}}{{group}}, {{count}} values (table below).',
    },
    filter: filterStrings.en,
  },
  'zh-CN': {
    title: '仪表板', empty: '还没有仪表板。', new: '新建仪表板', newTitle: '新建仪表板', loading: '加载中…',
    notFound: '没有这个仪表板', charts_one: '{{count}} 个图表', charts_other: '{{count}} 个图表', edit: '编辑仪表板',
    delete: '删除仪表板 {{name}}', confirmDelete: '删除仪表板 {{name}}？', preview: '预览',
    editor: {
      formLabel: '仪表板编辑器', name: '仪表板名称', addChart: '添加图表', save: '保存仪表板', cancel: '取消',
      block: '图表 {{n}}', title: '标题', object: '对象', measure: '度量', measureField: '字段', groupBy: '分组依据',
      noGroup: '不分组（总计）', bucket: '日期区间', chart: '图表类型', removeBlock: '删除图表 {{n}}',
    },
    measure: { count: '计数', sum: '求和', avg: '平均值', min: '最小值', max: '最大值', of: '{{field}} 的{{fn}}' },
    buckets: { DAY: '日', WEEK: '周', MONTH: '月', QUARTER: '季度', YEAR: '年' },
    chart: {
      types: { bar: '柱状图', line: '折线图', pie: '饼图', funnel: '漏斗图' },
      defaultTitle: '{{object}} 的{{measure}}', by: '，按{{field}}分组', group: '分组', empty: '（空）',
      summary_one: '{{type}}：{{object}} 的{{measure}}{{group}}，共 {{count}} 个值（见下表）。',
      summary_other: '{{type}}：{{object}} 的{{measure}}{{group}}，共 {{count}} 个值（见下表）。',
    },
    filter: filterStrings['zh-CN'],
  },
};
