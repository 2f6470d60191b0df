// A small Dockerfile parser for the deploy tests: instructions with their flags and arguments,
// grouped into build stages. It follows the Dockerfile reference for line continuations,
// comments, parser directives, exec (JSON) and shell forms; heredocs are rejected.

export interface Instruction {
  /** Upper-case keyword, such as FROM or COPY. */
  keyword: string;
  /** Flags before the arguments, such as { from: 'build' } for `COPY --from=build`. */
  flags: Record<string, string>;
  /** The rest of the line after the flags, continuations joined. */
  rest: string;
  /** The arguments: the JSON array of the exec form, or the words of the shell form. */
  args: string[];
  /** True when the arguments were written as a JSON array. */
  execForm: boolean;
  line: number;
}

export interface Stage {
  /** Name from `FROM … AS name`, or the stage's index as text. */
  name: string;
  index: number;
  /** Image or earlier stage this stage starts from. */
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
}

/** Joins continued lines and drops comments, returning each logical line with its first line number. */
function logicalLines(text: string): { text: string; line: number }[] {
  const lines = text.split(/\r?\n/);
  let escapeCharacter = '\\';
  const result: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  let directivesAllowed = true;

  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (directivesAllowed) {
      const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(trimmed);
      if (directive) {
        if (directive[1]?.toLowerCase() === 'escape') escapeCharacter = directive[2] ?? '\\';
        return;
      }
      directivesAllowed = false;
    }
    // A comment line, also inside a continued instruction, is dropped entirely.
    if (trimmed.startsWith('#')) return;
    if (trimmed === '' && !current) return;

    const continued = trimmed.endsWith(escapeCharacter);
    const body = continued ? trimmed.slice(0, -escapeCharacter.length) : trimmed;
    if (current) current.text += ` ${body}`;
    else current = { text: body, line: index + 1 };
    if (!continued) {
      result.push(current);
      current = undefined;
    }
  });
  if (current) result.push(current);
  return result;
}

function parseInstruction(text: string, line: number): Instruction {
  const match = /^(\S+)\s*(.*)$/.exec(text.trim());
  if (!match) throw new Error(`line ${line}: empty instruction`);
  const keyword = (match[1] ?? '').toUpperCase();
  let rest = match[2] ?? '';
  if (/<<-?["']?\w+/.test(rest) && (keyword === 'RUN' || keyword === 'COPY')) {
    throw new Error(`line ${line}: heredocs are not supported by this parser`);
  }

  const flags: Record<string, string> = {};
  for (;;) {
    const flag = /^--([a-zA-Z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (!flag) break;
    flags[flag[1] ?? ''] = flag[2] ?? 'true';
    rest = rest.slice(flag[0].length);
  }

  let args: string[];
  let execForm = false;
  const commandPart = keyword === 'HEALTHCHECK' ? rest.replace(/^CMD\s+/i, '') : rest;
  if (commandPart.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(commandPart);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
        args = parsed;
        execForm = true;
      } else {
        args = commandPart.split(/\s+/);
      }
    } catch {
      // Docker treats an invalid JSON array as the shell form.
      args = commandPart.split(/\s+/).filter(Boolean);
    }
  } else {
    args = commandPart.split(/\s+/).filter(Boolean);
  }
  return { keyword, flags, rest, args, execForm, line };
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const { text: line, line: number } of logicalLines(text)) {
    const instruction = parseInstruction(line, number);
    if (instruction.keyword === 'FROM') {
      const [base, as, name] = instruction.args;
      if (!base) throw new Error(`line ${number}: FROM without an image`);
      const index = stages.length;
      const stageName = as?.toUpperCase() === 'AS' && name ? name : String(index);
      stages.push({ name: stageName, index, base, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (instruction.keyword !== 'ARG')
        throw new Error(`line ${number}: ${instruction.keyword} before the first FROM`);
      globalArgs.push(instruction);
      continue;
    }
    stage.instructions.push(instruction);
  }
  return { globalArgs, stages };
}

/** Returns the stage and the stages it builds on, from the image at the root to the stage itself. */
export function stageChain(dockerfile: Dockerfile, target: string): Stage[] {
  const chain: Stage[] = [];
  let current = dockerfile.stages.find((stage) => stage.name === target);
  if (!current) throw new Error(`no stage named ${target}`);
  while (current) {
    chain.unshift(current);
    const base: string = current.base;
    const parent: Stage | undefined = dockerfile.stages.find(
      (stage) => stage.name === base && stage.index < (current as Stage).index,
    );
    current = parent;
  }
  return chain;
}

/** Returns the image at the root of the target's chain, such as node:20.20.2-bookworm-slim. */
export function baseImage(dockerfile: Dockerfile, target: string): string {
  return (stageChain(dockerfile, target)[0] as Stage).base;
}

/** Returns the last instruction with `keyword` in the target's chain, which the built image inherits. */
export function effective(
  dockerfile: Dockerfile,
  target: string,
  keyword: string,
): Instruction | undefined {
  return stageChain(dockerfile, target)
    .flatMap((stage) => stage.instructions)
    .filter((instruction) => instruction.keyword === keyword)
    .at(-1);
}

/** Returns every instruction of the target's chain, in build order. */
export function chainInstructions(dockerfile: Dockerfile, target: string): Instruction[] {
  return stageChain(dockerfile, target).flatMap((stage) => stage.instructions);
}

/** Returns the values of the ENV instructions of the target's chain, later ones winning. */
export function environmentOf(dockerfile: Dockerfile, target: string): Map<string, string> {
  const environment = new Map<string, string>();
  for (const instruction of chainInstructions(dockerfile, target)) {
    if (instruction.keyword !== 'ENV') continue;
    for (const pair of instruction.rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
      environment.set(pair[1] as string, (pair[2] as string).replace(/^"|"$/g, ''));
    }
  }
  return environment;
}
