// Arguments of the domain parser's commands, turned into the MCP tools' input. The parser
// names a task as `match: {text} | {id}` and nests changes, because the browser applies the
// same commands as mutations. The tools take `id` or `match` and flat fields.

type TaskMatch = { text: string } | { id: string };

function target(match: unknown): { id: string } | { match: string } {
  const value = match as TaskMatch | undefined;
  if (value && 'id' in value) return { id: value.id };
  return { match: value && 'text' in value ? value.text : '' };
}

/** Maps one parsed command's arguments to the input of the tool of the same name. */
export function toToolArguments(
  tool: string,
  args: Record<string, unknown>,
): Record<string, unknown> {
  switch (tool) {
    case 'complete_task':
    case 'delete_task':
      return target(args.match);
    case 'update_task':
      return { ...target(args.match), ...(args.changes as Record<string, unknown> | undefined) };
    case 'set_reminder': {
      // NOTE: set_reminder adds one reminder per call, so only the first of several is set.
      const [reminder] = (args.reminders as Record<string, unknown>[] | undefined) ?? [];
      return { ...target(args.match), ...reminder };
    }
    default:
      return args;
  }
}
