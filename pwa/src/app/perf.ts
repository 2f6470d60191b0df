// Performance marks read by the benchmark (bench/pwa.bench.ts) through the Performance API.

export const MARKS = {
  start: 'fehrist:start',
  firstListRender: 'fehrist:first-list-render',
  fullListRender: 'fehrist:full-list-render',
  searchKeystroke: 'fehrist:search-keystroke',
} as const;

let listRendered = false;
let searchInputAt: number | null = null;

/** Marks a step of the start-up (database open, tasks read) for the benchmark's breakdown. */
export function markStep(step: string): void {
  performance.mark(`fehrist:${step}`);
}

export function markStart(): void {
  performance.mark(MARKS.start);
}

/** Measures from app start to the first commit of the list with tasks loaded; once per page. */
export function markListRendered(): void {
  if (listRendered) return;
  listRendered = true;
  performance.measure(MARKS.firstListRender, MARKS.start);
}

let fullListRendered = false;

/** Measures from app start to the first list built from every task, not a snapshot; once. */
export function markFullListRendered(): void {
  if (fullListRendered) return;
  fullListRendered = true;
  performance.measure(MARKS.fullListRender, MARKS.start);
}

/** Records when a search keystroke's input event happened (its event.timeStamp). */
export function markSearchInput(eventTimeStamp: number): void {
  searchInputAt = eventTimeStamp;
}

/** Measures from the last search input event to the commit that shows its results. */
export function markSearchRendered(): void {
  if (searchInputAt === null) return;
  performance.measure(MARKS.searchKeystroke, { start: searchInputAt, end: performance.now() });
  searchInputAt = null;
}
