import type { Task } from '@fehrist/domain';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskActions } from '../app/actions';
import { useNow } from '../app/hooks';
import { markListRendered, markSearchRendered } from '../app/perf';
import { TaskRow } from './TaskRow';

interface Props {
  tasks: readonly Task[];
  loaded: boolean;
  query: string;
  userZone: string;
  actions: TaskActions;
  onOpen: (id: string) => void;
  onDelete: (task: Task) => void;
  onTagClick: (tag: string) => void;
}

const ESTIMATED_ROW_PX = 64;

/**
 * Renders the task list, virtualised: only the rows in view (plus a few) are in the DOM, so 10,000
 * tasks render as fast as 20. Rows are measured after render because titles and chips wrap.
 */
export function TaskList({
  tasks,
  loaded,
  query,
  userZone,
  actions,
  onOpen,
  onDelete,
  onTagClick,
}: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tasks.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 6,
    getItemKey: (index) => tasks[index]?.id ?? index,
    // Before the first layout there is no scroller to measure: assume a phone-sized view.
    initialRect: { width: 360, height: 640 },
  });

  useLayoutEffect(() => {
    if (loaded) markListRendered();
  }, [loaded]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each search commit
  useLayoutEffect(() => {
    markSearchRendered();
  }, [query]);

  return (
    <div ref={scrollerRef} className="list-scroller" aria-busy={!loaded}>
      <ul
        className="task-list"
        aria-label={t('task.listLabel')}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const task = tasks[item.index];
          if (!task) return null;
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="task-slot"
              aria-setsize={tasks.length}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <TaskRow
                task={task}
                now={now}
                userZone={userZone}
                actions={actions}
                onOpen={onOpen}
                onDelete={onDelete}
                onTagClick={onTagClick}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
