/** Strings of the funnel and forecast reports (and their dashboard blocks). */
export const analytics = {
  en: {
    funnel: {
      title: 'Funnel report', object: 'Object', stageField: 'Stage field', groupBy: 'Group by', noGroup: 'No grouping', from: 'Created from', to: 'Created before',
      none: 'No object has a select field with stage tracking (trackStages) yet.', all: 'All records', empty: '(empty)', conversion: '{{pct}} from the previous step',
      stage: 'Stage', count: 'Records', rate: 'Conversion', summary: 'Funnel of {{object}} by {{field}}: {{count}} records at the first step.', loading: 'Loading…',
    },
    forecast: {
      title: 'Forecast', object: 'Object', period: 'Period', pipeline: 'Open pipeline', weighted: 'Weighted pipeline', closed: 'Won in the period',
      regression: 'Trend forecast (regression)', stage: 'Stage', probability: 'Probability', count: 'Records', amount: 'Amount',
      targets: 'Targets', rep: 'Rep', target: 'Target', attained: 'Won', attainment: 'Attainment', noTargets: 'No targets for this period.', history: 'Won per period',
    },
    blocks: { addFunnel: 'Add funnel', addForecast: 'Add forecast', funnel: 'Funnel {{n}}', forecast: 'Forecast {{n}}', title: 'Title', remove: 'Remove block {{n}}' },
  },
  'zh-CN': {
    funnel: {
      title: '漏斗报表', object: '对象', stageField: '阶段字段', groupBy: '分组依据', noGroup: '不分组', from: '创建时间起', to: '创建时间止（不含）',
      none: '还没有启用阶段跟踪（trackStages）的单选字段。', all: '全部记录', empty: '（空）', conversion: '较上一步 {{pct}}',
      stage: '阶段', count: '记录数', rate: '转化率', summary: '{{object}} 按{{field}}的漏斗：第一步 {{count}} 条记录。', loading: '加载中…',
    },
    forecast: {
      title: '销售预测', object: '对象', period: '期间', pipeline: '未结商机', weighted: '加权预测', closed: '本期已赢单',
      regression: '趋势预测（回归）', stage: '阶段', probability: '赢率', count: '记录数', amount: '金额',
      targets: '目标', rep: '销售', target: '目标', attained: '已完成', attainment: '完成率', noTargets: '本期没有目标。', history: '各期赢单金额',
    },
    blocks: { addFunnel: '添加漏斗', addForecast: '添加预测', funnel: '漏斗 {{n}}', forecast: '预测 {{n}}', title: '标题', remove: '删除区块 {{n}}' },
  },
};
