// Reads the test cells of acceptance-criteria tables: files in inline code, each optionally
// followed by test titles after `›`, several titles separated by `;`.

export interface TestReference {
  file: string;
  titles: string[];
}

/** A file reference: a repository path with a folder, no spaces, not a URL path. */
const isFileReference = (token: string) =>
  /^[\w.@*{},[\]-]+(\/[\w.@*{},[\]-]+)+$/.test(token) && !/^(application|text)\//.test(token);

/** Reads the file references of a test cell, with the titles that follow each after `›`. */
export function parseTestCell(cell: string): TestReference[] {
  const references: TestReference[] = [];
  const tokens = [...cell.matchAll(/`([^`]+)`/g)];
  tokens.forEach((token, position) => {
    const file = (token[1] as string).trim();
    if (!isFileReference(file)) return;
    const after = cell.slice(
      (token.index ?? 0) + token[0].length,
      tokens[position + 1]?.index ?? cell.length,
    );
    const titled = /^\s*›\s*(.*)$/s.exec(after);
    const titles = titled
      ? (titled[1] as string)
          .split(';')
          .map((title) => title.trim().replace(/[,.]$/, '').trim())
          .filter((title) => title.length > 0)
      : [];
    references.push({ file, titles });
  });
  return references;
}
