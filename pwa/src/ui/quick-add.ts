import type { Priority } from '@fehrist/domain';

export interface QuickAddParts {
  title: string;
  tags: string[];
  priority: Priority;
}

const PRIORITY_TOKENS: Record<string, Priority> = {
  p1: 'high',
  p2: 'medium',
  p3: 'low',
  p4: 'none',
};

/**
 * Splits quick-add text into title, tags and priority, as Todoist's quick add does: `#word`
 * is a tag (any script, so `#کام` works) and a separate `p1`–`p4` sets the priority. Text
 * that would leave the title empty stays in the title.
 */
export function parseQuickAdd(text: string): QuickAddParts {
  const tags: string[] = [];
  let priority: Priority = 'none';
  const words: string[] = [];

  for (const word of text.trim().split(/\s+/u)) {
    const tag = /^#([\p{L}\p{N}_-]+)$/u.exec(word);
    const priorityToken = PRIORITY_TOKENS[word.toLowerCase()];
    if (tag?.[1]) tags.push(tag[1]);
    else if (priorityToken) priority = priorityToken;
    else if (word) words.push(word);
  }

  const title = words.join(' ');
  if (!title) return { title: text.trim(), tags: [], priority: 'none' };
  return { title, tags, priority };
}
