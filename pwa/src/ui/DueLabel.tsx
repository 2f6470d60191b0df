import type { Task } from '@fehrist/domain';
import { useTranslation } from 'react-i18next';
import { isolate } from '../i18n';
import { dueLabelParts } from './due';

/** Renders the due chip: today, tomorrow, a weekday or a date, with the time; red when overdue. */
export function DueLabel({ task, now, userZone }: { task: Task; now: Date; userZone: string }) {
  const { t, i18n } = useTranslation();
  const parts = dueLabelParts(task, now, i18n.language, userZone);
  if (!parts) return null;

  const day = parts.relative ? t(`due.${parts.relative}`) : parts.date;
  // The time is isolated, so "6:30 PM" keeps its order inside an Urdu label.
  const label = parts.time ? t('due.withTime', { day, time: isolate(parts.time) }) : day;
  return (
    <span className={`chip chip--due chip--${parts.tone}`} data-due-tone={parts.tone}>
      {parts.tone === 'overdue' ? t('due.overdue', { label }) : label}
    </span>
  );
}
