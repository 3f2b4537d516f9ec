import { filterStrings } from '../../ui/filter-i18n.ts';

/** Strings of users, roles, permission sets, sharing defaults and rules. */
export const security = {
  en: {
    loading: 'Loading…', cancel: 'Cancel', close: 'Close', actions: 'Actions',
    tabs: { roles: 'Roles', permissionSets: 'Permission sets', groups: 'Groups', sharing: 'Sharing' },
    users: {
      title: 'Users', caption: 'Users of this workspace', new: 'New user', newTitle: 'New user', editTitle: 'Edit {{name}}',
      create: 'Create user', save: 'Save user', admin: 'administrator',
      edit: 'Edit {{name}}', keys: 'API keys of {{name}}', deactivate: 'Deactivate {{name}}', activate: 'Reactivate {{name}}',
      active: 'Active', inactive: 'Deactivated', noRole: 'No role', noManager: 'No manager',
      passwordHint: 'At least 8 characters. Without one, the user can only use API keys.',
      passwordKeep: 'Leave empty to keep the current password.',
      columns: { name: 'Name', email: 'Email', role: 'Role', manager: 'Manager', locale: 'Language', status: 'Status' },
      fields: { email: 'Email', name: 'Name', password: 'Password', locale: 'Language', role: 'Role', manager: 'Manager', isAdmin: 'Administrator (every right)' },
    },
    apiKeys: {
      title: 'API keys of {{name}}', caption: 'Keys (secrets are never shown again)', name: 'Key name', create: 'Create key',
      showOnce: 'Copy this key now: it is shown only this once.', secret: 'New key', hide: 'Hide key',
      prefix: 'Key', created: 'Created', lastUsed: 'Last used', status: 'Status', active: 'Active', revoked: 'Revoked {{at}}',
      revoke: 'Revoke key {{name}}',
    },
    roles: {
      title: 'Roles and sharing', sections: 'Sections', hierarchy: 'Role hierarchy', empty: 'No roles yet.', new: 'New role',
      newTitle: 'New role', editTitle: 'Role {{name}}', name: 'Role name', parent: 'Reports to (parent role)', noParent: 'None (top of the hierarchy)',
      create: 'Create role', save: 'Save role', delete: 'Delete role {{name}}', confirmDelete: 'Delete the role {{name}}?',
    },
    permissions: {
      objectTitle: 'Object permissions', objectCaption: 'What this grants on each object', object: 'Object',
      cell: '{{object}}: {{right}}',
      rights: { read: 'Read', create: 'Create', update: 'Edit', delete: 'Delete', viewAll: 'View all', modifyAll: 'Modify all' },
      fieldTitle: 'Field permissions', fieldObject: 'Fields of', fieldCaption: 'Fields of {{object}} (unlisted fields: full access)',
      field: 'Field', fieldRead: 'Read', fieldUpdate: 'Edit', fieldCell: '{{field}}: {{right}}',
      capabilities: 'Admin capabilities',
      capability: {
        manageMetadata: 'Manage objects (scripts: administrators only)', manageUsers: 'Manage users and sharing', manageApps: 'Manage apps',
        importData: 'Import data', exportData: 'Export data', manageWorkflows: 'Manage workflows',
      },
    },
    permissionSets: {
      caption: 'Permission sets', name: 'Name', objects: 'Object permissions', new: 'New permission set', newTitle: 'New permission set',
      create: 'Create permission set', assignTitle: 'Assign a permission set', set: 'Permission set', user: 'User', assign: 'Assign',
      assigned: '{{set}} assigned to {{user}}', unassign: 'Unassign', unassigned: '{{set}} taken from {{user}}',
      actions: 'Actions', edit: 'Edit permission set {{name}}', editTitle: 'Permission set {{name}}', save: 'Save permission set',
      delete: 'Delete permission set {{name}}', confirmDelete: 'Delete the permission set {{name}}? Its users lose what it granted.',
    },
    groups: {
      newTitle: 'New group', name: 'Group name', create: 'Create group', noMembers: 'No members yet.',
      addMember: 'Add member', addTo: 'Add a member to {{group}}',
      removeMember: 'Remove {{member}} from {{group}}', delete: 'Delete group {{group}}', confirmDelete: 'Delete the group {{group}}?',
    },
    target: {
      type: 'Share with', value: 'Who',
      types: { user: 'User', role: 'Role', roleAndSubordinates: 'Role and subordinates', group: 'Group' },
    },
    sharing: {
      defaultsCaption: 'Default access per object (organization-wide defaults)', object: 'Object', default: 'Default access',
      defaultFor: 'Default access of {{object}}', saveDefault: 'Save default of {{object}}',
      models: { PRIVATE: 'Private', PUBLIC_READ: 'Public read only', PUBLIC_READ_WRITE: 'Public read/write' },
      rulesCaption: 'Sharing rules', ruleName: 'Rule name', criteria: 'Criteria', shareWith: 'Shared with', access: 'Access',
      accessLevels: { READ: 'Read only', READ_WRITE: 'Read/write' },
      deleteRule: 'Delete rule {{name}}', newRule: 'New sharing rule', newRuleTitle: 'New sharing rule', createRule: 'Create rule',
    },
    filter: filterStrings.en,
  },
  'zh-CN': {
    loading: '加载中…', cancel: '取消', close: '关闭', actions: '操作',
    tabs: { roles: '角色', permissionSets: '权限集', groups: '小组', sharing: '共享' },
    users: {
      title: '用户', caption: '本工作区的用户', new: '新建用户', newTitle: '新建用户', editTitle: '编辑 {{name}}',
      create: '创建用户', save: '保存用户', admin: '管理员',
      edit: '编辑 {{name}}', keys: '{{name}} 的 API 密钥', deactivate: '停用 {{name}}', activate: '重新启用 {{name}}',
      active: '启用', inactive: '已停用', noRole: '无角色', noManager: '无经理',
      passwordHint: '至少 8 个字符。没有密码的用户只能使用 API 密钥。',
      passwordKeep: '留空则保留当前密码。',
      columns: { name: '姓名', email: '邮箱', role: '角色', manager: '经理', locale: '语言', status: '状态' },
      fields: { email: '邮箱', name: '姓名', password: '密码', locale: '语言', role: '角色', manager: '经理', isAdmin: '管理员（拥有全部权限）' },
    },
    apiKeys: {
      title: '{{name}} 的 API 密钥', caption: '密钥（不会再次显示密钥内容）', name: '密钥名称', create: '创建密钥',
      showOnce: '请立即复制此密钥：它只显示这一次。', secret: '新密钥', hide: '隐藏密钥',
      prefix: '密钥', created: '创建时间', lastUsed: '最近使用', status: '状态', active: '有效', revoked: '已于 {{at}} 吊销',
      revoke: '吊销密钥 {{name}}',
    },
    roles: {
      title: '角色与共享', sections: '分区', hierarchy: '角色层级', empty: '还没有角色。', new: '新建角色',
      newTitle: '新建角色', editTitle: '角色 {{name}}', name: '角色名称', parent: '上级角色', noParent: '无（层级顶端）',
      create: '创建角色', save: '保存角色', delete: '删除角色 {{name}}', confirmDelete: '删除角色 {{name}}？',
    },
    permissions: {
      objectTitle: '对象权限', objectCaption: '在每个对象上授予的权限', object: '对象',
      cell: '{{object}}：{{right}}',
      rights: { read: '读取', create: '创建', update: '编辑', delete: '删除', viewAll: '查看全部', modifyAll: '修改全部' },
      fieldTitle: '字段权限', fieldObject: '字段所属对象', fieldCaption: '{{object}} 的字段（未列出的字段：完全访问）',
      field: '字段', fieldRead: '读取', fieldUpdate: '编辑', fieldCell: '{{field}}：{{right}}',
      capabilities: '管理能力',
      capability: {
        manageMetadata: '管理对象（脚本仅限管理员）', manageUsers: '管理用户和共享', manageApps: '管理应用',
        importData: '导入数据', exportData: '导出数据', manageWorkflows: '管理工作流',
      },
    },
    permissionSets: {
      caption: '权限集', name: '名称', objects: '对象权限', new: '新建权限集', newTitle: '新建权限集',
      create: '创建权限集', assignTitle: '分配权限集', set: '权限集', user: '用户', assign: '分配',
      assigned: '已将 {{set}} 分配给 {{user}}', unassign: '取消分配', unassigned: '已从 {{user}} 收回 {{set}}',
      actions: '操作', edit: '编辑权限集 {{name}}', editTitle: '权限集 {{name}}', save: '保存权限集',
      delete: '删除权限集 {{name}}', confirmDelete: '删除权限集 {{name}}？其用户将失去它授予的权限。',
    },
    groups: {
      newTitle: '新建小组', name: '小组名称', create: '创建小组', noMembers: '还没有成员。',
      addMember: '添加成员', addTo: '向 {{group}} 添加成员',
      removeMember: '从 {{group}} 移除 {{member}}', delete: '删除小组 {{group}}', confirmDelete: '删除小组 {{group}}？',
    },
    target: {
      type: '共享给', value: '对象',
      types: { user: '用户', role: '角色', roleAndSubordinates: '角色及下属', group: '小组' },
    },
    sharing: {
      defaultsCaption: '各对象的默认访问权限（组织范围默认值）', object: '对象', default: '默认访问权限',
      defaultFor: '{{object}} 的默认访问权限', saveDefault: '保存 {{object}} 的默认值',
      models: { PRIVATE: '私有', PUBLIC_READ: '公共只读', PUBLIC_READ_WRITE: '公共读写' },
      rulesCaption: '共享规则', ruleName: '规则名称', criteria: '条件', shareWith: '共享给', access: '访问权限',
      accessLevels: { READ: '只读', READ_WRITE: '读写' },
      deleteRule: '删除规则 {{name}}', newRule: '新建共享规则', newRuleTitle: '新建共享规则', createRule: '创建规则',
    },
    filter: filterStrings['zh-CN'],
  },
};
