// CSV for exports, written with papaparse: a header row, CRLF line ends, a UTF-8 byte
// order mark (so spreadsheet programs read the names right), and every cell that starts
// with = + - @ (or a tab or carriage return) prefixed with ' so a spreadsheet shows it as
// text instead of running it as a formula.
import Papa from 'papaparse';

export type CsvCell = string | number | null;

export function toCsv(fields: string[], rows: CsvCell[][]): string {
  return `\uFEFF${Papa.unparse({ fields, data: rows }, { escapeFormulae: true, newline: '\r\n' })}\r\n`;
}
