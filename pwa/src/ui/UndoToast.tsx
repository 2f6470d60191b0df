import { useTranslation } from 'react-i18next';
import { isolate } from '../i18n';

export function UndoToast({ title, onUndo }: { title: string; onUndo: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="toast" role="status">
      <span>{t('undo.deleted', { title: isolate(title) })}</span>
      <button type="button" className="button button--small button--inverse" onClick={onUndo}>
        {t('undo.undo')}
      </button>
    </div>
  );
}
