/** Strings of the workflow run history and the notifications bell. */
export const workflows = {
  en: {
    runs: {
      title: 'Workflow runs', workflow: 'Workflow', status: 'Status', any: 'Any', record: 'Record', started: 'Started', finished: 'Finished', step: 'At step',
      error: 'Error', empty: 'No runs.', details: 'Details', detailsNamed: 'Details of the run of {{name}}', steps: 'Steps', input: 'Input', output: 'Output', duration: 'Took {{ms}} ms',
      retry: 'Retry from the failed step', cancel: 'Cancel run', refresh: 'Refresh', trigger: 'Trigger', version: 'Version {{version}}', run: 'Run of {{name}}',
      statuses: { running: 'Running', waiting: 'Waiting', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled' },
    },
    bell: { label: 'Notifications', unread_one: '{{count}} unread notification', unread_other: '{{count}} unread notifications', empty: 'No notifications.', markAll: 'Mark all read', markOne: 'Mark read', open: 'Open the record' },
  },
  'zh-CN': {
    runs: {
      title: '工作流运行记录', workflow: '工作流', status: '状态', any: '全部', record: '记录', started: '开始时间', finished: '结束时间', step: '当前步骤',
      error: '错误', empty: '没有运行记录。', details: '详情', detailsNamed: '{{name}} 运行详情', steps: '步骤', input: '输入', output: '输出', duration: '耗时 {{ms}} 毫秒',
      retry: '从失败步骤重试', cancel: '取消运行', refresh: '刷新', trigger: '触发方式', version: '第 {{version}} 版', run: '{{name}} 的运行',
      statuses: { running: '运行中', waiting: '等待中', completed: '已完成', failed: '失败', cancelled: '已取消' },
    },
    bell: { label: '通知', unread_one: '{{count}} 条未读通知', unread_other: '{{count}} 条未读通知', empty: '没有通知。', markAll: '全部标为已读', markOne: '标为已读', open: '查看记录' },
  },
};
