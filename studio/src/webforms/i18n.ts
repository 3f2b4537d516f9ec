/** Strings of the web form editor (Setup → Web forms). */
export const webforms = {
  en: {
    nav: 'Web forms',
    title: 'Web forms',
    intro: 'Public forms that create records from your website: each post goes through validation, duplicate rules and reactivation, lands in a pool and is dispatched. A hidden honeypot input and rate limits keep bots out.',
    empty: 'No web forms yet.',
    add: 'Add a web form', edit: 'Edit', remove: 'Delete', save: 'Save form', cancel: 'Cancel', saved: 'Saved',
    name: 'Name', object: 'Object', pool: 'Pool', honeypot: 'Honeypot input', redirect: 'Redirect after success (URL)', origins: 'Allowed origins (comma-separated)',
    perIp: 'Posts per minute per address', active: 'Active',
    fields: 'Inputs', field: 'Field', input: 'Input name', required: 'Required', labelEn: 'Label (English)', labelZh: 'Label (Chinese)', addField: 'Add an input', removeRow: 'Remove',
    endpoint: 'Endpoint', snippet: 'Embeddable HTML', copy: 'Copy snippet', copied: 'Snippet copied', submit: 'Send',
  },
  'zh-CN': {
    nav: '网页表单',
    title: '网页表单',
    intro: '在您的网站上创建记录的公开表单：每次提交都经过校验、查重规则和激活，进入线索池并派单。隐藏的蜜罐输入和频率限制可阻挡机器人。',
    empty: '暂无网页表单。',
    add: '新建网页表单', edit: '编辑', remove: '删除', save: '保存表单', cancel: '取消', saved: '已保存',
    name: '名称', object: '对象', pool: '线索池', honeypot: '蜜罐输入', redirect: '成功后跳转（URL）', origins: '允许的来源（逗号分隔）',
    perIp: '每个地址每分钟提交数', active: '启用',
    fields: '输入项', field: '字段', input: '输入名', required: '必填', labelEn: '标签（英文）', labelZh: '标签（中文）', addField: '添加输入项', removeRow: '移除',
    endpoint: '提交地址', snippet: '可嵌入的 HTML', copy: '复制代码', copied: '代码已复制', submit: '提交',
  },
};
