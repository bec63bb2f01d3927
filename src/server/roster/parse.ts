// Text → a table: papaparse, delimiter guessed (comma, semicolon, tab — "Unicode text"
// from Excel is tab-separated), no header handling of its own (ours is lenient, see
// columns.ts). Every record keeps the line a spreadsheet shows it on (headings: line 1),
// so a quoted cell with a line break in it does not shift the numbers after it.
import Papa from 'papaparse';

export type Table = {
  headings: string[];
  /** Records after the headings, blank ones left out, each with its line. */
  records: { line: number; cells: string[] }[];
  delimiter: string;
  /** Lines whose quotes do not balance. */
  malformed: number[];
};

export function parseTable(text: string): Table | null {
  const result = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const rows = result.data;
  let first = 0;
  while (first < rows.length && isBlank(rows[first])) first++;
  const headings = rows[first];
  if (!headings) return null;
  const malformed = new Set<number>();
  for (const e of result.errors) {
    // "UndetectableDelimiter": one column only; the column check reports what is missing.
    if (e.type === 'Quotes' && e.row !== undefined) malformed.add(e.row + 1);
  }
  const records: Table['records'] = [];
  for (let i = first + 1; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    if (!isBlank(cells)) records.push({ line: i + 1, cells });
  }
  return {
    headings: headings.map((h) => h.replace(/^\uFEFF/, '')),
    records,
    delimiter: result.meta.delimiter,
    malformed: [...malformed].toSorted((a, b) => a - b),
  };
}

function isBlank(cells: string[] | undefined): boolean {
  return !cells || cells.every((c) => c.trim() === '');
}
