import type { HistoryEntry } from '../store/db';
import { describeEntry, type FormatContext, sourceLabel } from './format';

interface Props {
  entry: HistoryEntry;
  context: FormatContext;
  /** When the change happened, as the list shows it. */
  when: string;
}

/** Shows what one entry changed, then when and where from, in the history and activity lists. */
export function EntryDetails({ entry, context, when }: Props) {
  const { headline, lines } = describeEntry(entry, context);
  const source = sourceLabel(entry.source, context.t);
  return (
    <>
      {headline && <p className="history-what">{headline}</p>}
      {lines.length > 0 && (
        <ul className="history-fields">
          {lines.map((line, index) => (
            // A line's text can repeat (two "Reminders changed"), so its position keys it.
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines of an entry never reorder
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
      <p className="history-meta">
        <time dateTime={entry.occurred_at}>{when}</time>
        {source && <span className="history-source">{source}</span>}
      </p>
    </>
  );
}
