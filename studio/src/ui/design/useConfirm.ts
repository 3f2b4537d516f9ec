import { App } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Asks before a destructive step, in an antd modal (`App.useApp`, so it has the theme and locale):
 * named by its question, its OK button says what it does (e.g. "Delete group Team").
 */
export function useConfirm(): (options: { title: string; okText: string; onOk(): unknown }) => void {
  const { modal } = App.useApp();
  const { t } = useTranslation();
  return ({ title, okText, onOk }) => {
    modal.confirm({ title, okText, okButtonProps: { danger: true }, cancelText: t('actions.cancel'), onOk: async () => { await onOk(); } });
  };
}
