/** Strings of the script editor and the failures ("run trace") view. */
export const scripts = {
  en: { title: 'Scripts' },
  'zh-CN': { title: '脚本' },
};
