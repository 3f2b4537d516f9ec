/** Strings of users, roles, permission sets, sharing defaults and rules. */
export const security = {
  en: { users: { title: 'Users' }, roles: { title: 'Roles and sharing' } },
  'zh-CN': { users: { title: '用户' }, roles: { title: '角色与共享' } },
};
