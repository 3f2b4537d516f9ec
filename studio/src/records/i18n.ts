/** Strings of record lists, record pages and generated forms. */
export const records = {
  en: {
    list: { title: '{{object}}', new: 'New {{object}}' },
  },
  'zh-CN': {
    list: { title: '{{object}}', new: '新建{{object}}' },
  },
};
