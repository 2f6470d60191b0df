import { PRIORITIES, TASK_STATUSES } from '@fehrist/domain';
import { type ChangeEvent, forwardRef, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { markSearchInput } from '../app/perf';
import { FilterIcon, SearchIcon } from './icons';
import { DEFAULT_VIEW, DUE_FILTERS, isFiltered, VIEW_SORTS, type ViewPrefs } from './view';

interface Props {
  view: ViewPrefs;
  onChange: (view: ViewPrefs) => void;
  tags: string[];
  count: number;
}

/** Search, filters and sort. On a phone the filters fold behind a button; search stays. */
export const Toolbar = forwardRef<HTMLInputElement, Props>(function Toolbar(
  { view, onChange, tags, count },
  ref,
) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ids = { search: useId(), filters: useId() };
  const activeFilters = [
    view.status !== DEFAULT_VIEW.status,
    view.priority !== 'any',
    view.due !== 'any',
    view.tag !== '',
  ].filter(Boolean).length;

  const set =
    <K extends keyof ViewPrefs>(key: K) =>
    (event: ChangeEvent<HTMLSelectElement | HTMLInputElement>) =>
      onChange({ ...view, [key]: event.target.value as ViewPrefs[K] });

  return (
    <section className="toolbar" aria-label={t('toolbar.filters')}>
      <div className="search-row">
        <div className="search">
          <label htmlFor={ids.search} className="visually-hidden-label">
            {t('toolbar.search')}
          </label>
          <span className="search-icon">
            <SearchIcon />
          </span>
          <input
            ref={ref}
            id={ids.search}
            type="search"
            className="search-input"
            placeholder={t('toolbar.searchPlaceholder')}
            maxLength={200}
            value={view.q}
            onChange={(event) => {
              markSearchInput(event.timeStamp);
              set('q')(event);
            }}
          />
        </div>
        <button
          type="button"
          className="button filters-toggle"
          aria-expanded={open}
          aria-controls={ids.filters}
          onClick={() => setOpen(!open)}
        >
          <FilterIcon />
          {t('toolbar.filters')}
          {activeFilters > 0 && <span className="badge">{activeFilters.toLocaleString()}</span>}
        </button>
      </div>

      <div className="filters" id={ids.filters} data-open={open}>
        <Select label={t('toolbar.status')} value={view.status} onChange={set('status')}>
          {TASK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </Select>
        <Select label={t('toolbar.priority')} value={view.priority} onChange={set('priority')}>
          <option value="any">{t('toolbar.any')}</option>
          {[...PRIORITIES].reverse().map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </Select>
        <Select label={t('toolbar.due')} value={view.due} onChange={set('due')}>
          {DUE_FILTERS.map((due) => (
            <option key={due} value={due}>
              {t(`dueFilter.${due}`)}
            </option>
          ))}
        </Select>
        <Select label={t('toolbar.tag')} value={view.tag} onChange={set('tag')}>
          <option value="">{t('toolbar.any')}</option>
          {view.tag && !tags.includes(view.tag) && <option value={view.tag}>{view.tag}</option>}
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </Select>
        <Select label={t('toolbar.sort')} value={view.sort} onChange={set('sort')}>
          {VIEW_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`sort.${sort}`)}
            </option>
          ))}
        </Select>
        <Select label={t('toolbar.order')} value={view.order} onChange={set('order')}>
          <option value="asc">{t('order.asc')}</option>
          <option value="desc">{t('order.desc')}</option>
        </Select>
      </div>

      <div className="toolbar-summary">
        <span className="muted" aria-live="polite">
          {t('toolbar.count', { count })}
        </span>
        {isFiltered(view) && (
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ ...DEFAULT_VIEW, sort: view.sort, order: view.order })}
          >
            {t('toolbar.clear')}
          </button>
        )}
      </div>
    </section>
  );
});

function Select(props: {
  label: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field field--compact">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={props.onChange}>
        {props.children}
      </select>
    </div>
  );
}
