/** Strings of dashboards and chart blocks. */
export const dashboards = {
  en: { title: 'Dashboards' },
  'zh-CN': { title: '仪表板' },
};
