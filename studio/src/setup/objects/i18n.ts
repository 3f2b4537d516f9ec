/** Strings of the object manager and layout editor. */
export const setup = {
  en: {
    objects: { title: 'Object manager' },
  },
  'zh-CN': {
    objects: { title: '对象管理器' },
  },
};
