// Bytes of an uploaded file → text. Spreadsheet programs write CSV as UTF-8 (with or
// without a byte-order mark), Windows-1252 ("CSV" in older Excel on Windows) or UTF-16
// ("Unicode text", with a mark). The mark decides when there is one; otherwise the bytes
// are UTF-8 if they decode as UTF-8, UTF-16 if every other byte is zero, else
// Windows-1252 (which, as WHATWG decodes it, turns any byte into some character).
// Workbooks and other binary files are recognised and refused by name.
export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export type Decoded =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; reason: 'spreadsheet_file' | 'not_text'; kind: string };

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

function binaryKind(b: Uint8Array): string | null {
  // .xlsx and .ods are ZIP files; .xls is an OLE compound document.
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'workbook';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'workbook';
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return 'PDF';
  if (startsWith(b, [0xff, 0xd8, 0xff]) || startsWith(b, [0x89, 0x50, 0x4e, 0x47])) {
    return 'picture';
  }
  return null;
}

/** UTF-16 without a mark: in the first KB, one byte of each pair is nearly always zero. */
function utf16Guess(b: Uint8Array): Encoding | null {
  const n = Math.min(b.length, 1024) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.9 && evenZero < pairs * 0.1) return 'utf-16le';
  if (evenZero > pairs * 0.9 && oddZero < pairs * 0.1) return 'utf-16be';
  return null;
}

function decodeAs(encoding: Encoding, bytes: Uint8Array, fatal: boolean): string {
  // ignoreBOM: false (the default) strips a leading mark of the decoder's own encoding.
  return new TextDecoder(encoding, { fatal }).decode(bytes);
}

/** Control characters that never appear in a CSV a spreadsheet wrote (tab, CR, LF do). */
function hasBinaryChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return true;
  }
  return false;
}

export function decodeCsv(bytes: Uint8Array): Decoded {
  const kind = binaryKind(bytes);
  if (kind === 'workbook') return { ok: false, reason: 'spreadsheet_file', kind };
  if (kind) return { ok: false, reason: 'not_text', kind };

  let encoding: Encoding;
  let text: string;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    text = decodeAs('utf-8', bytes, false);
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    text = decodeAs('utf-16le', bytes, false);
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    text = decodeAs('utf-16be', bytes, false);
  } else {
    const guess = utf16Guess(bytes);
    if (guess) {
      encoding = guess;
      text = decodeAs(guess, bytes, false);
    } else {
      try {
        text = decodeAs('utf-8', bytes, true);
        encoding = 'utf-8';
      } catch {
        encoding = 'windows-1252';
        text = decodeAs('windows-1252', bytes, false);
      }
    }
  }
  if (hasBinaryChars(text)) return { ok: false, reason: 'not_text', kind: 'binary' };
  return { ok: true, text, encoding };
}
