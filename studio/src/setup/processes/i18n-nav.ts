/** The designers' navigation labels: the only strings of `processes` in the first load (the rest: `i18n.ts`, with the pages). */
export const processesNav = {
  en: { nav: { workflows: 'Workflows', approvalFlows: 'Approval flows' } },
  'zh-CN': { nav: { workflows: '工作流', approvalFlows: '审批流' } },
};
