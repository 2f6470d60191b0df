import { useTranslation } from 'react-i18next';

/** Renders an empty list: how to add the first task, or how to show hidden tasks again. */
export function EmptyState({
  hasTasks,
  onClearFilters,
}: {
  hasTasks: boolean;
  onClearFilters: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="empty" aria-live="polite">
      <svg className="empty-art" viewBox="0 0 120 96" aria-hidden="true" focusable="false">
        <rect x="14" y="10" width="92" height="76" rx="12" className="empty-art-card" />
        <path
          d="M32 34h12M32 50h12M32 66h12M54 34h34M54 50h34M54 66h22"
          className="empty-art-lines"
        />
      </svg>
      <h2>{hasTasks ? t('empty.filteredTitle') : t('empty.title')}</h2>
      <p>{hasTasks ? t('empty.filteredBody') : t('empty.body')}</p>
      {hasTasks && (
        <button type="button" className="button" onClick={onClearFilters}>
          {t('toolbar.clear')}
        </button>
      )}
    </section>
  );
}
