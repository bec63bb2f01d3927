// Roster CSVs as schools' management systems export them, and the encodings spreadsheet
// programs save them in.
export const headings = [
  'UPN',
  'Forename',
  'Surname',
  'Reg Group',
  'Year',
  'Carer 1 Name',
  'Carer 1 Mobile',
  'Carer 1 Language',
  'Carer 2 Name',
  'Carer 2 Mobile',
  'Carer 2 Language',
];

export type PupilLine = {
  upn?: string;
  forename: string;
  surname: string;
  className: string;
  year: string;
  carers?: { name: string; phone: string; language?: string }[];
};

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

export function rosterCsv(pupils: PupilLine[], cols = headings, eol = '\r\n'): string {
  const lines = [cols.join(',')];
  for (const p of pupils) {
    const c = p.carers ?? [];
    const carerCells = [0, 1].flatMap((i) => {
      const carer = c[i];
      return carer ? [carer.name, carer.phone, carer.language ?? ''] : ['', '', ''];
    });
    lines.push(
      [p.upn ?? '', p.forename, p.surname, p.className, p.year, ...carerCells].map(quote).join(','),
    );
  }
  return lines.join(eol) + eol;
}

/** A class of `n` pupils, each with one or two carers (every third shares a carer with the one before). */
export function bigClass(n: number, className = 'Year 5 Ash', year = 'Year 5'): PupilLine[] {
  const pupils: PupilLine[] = [];
  for (let i = 0; i < n; i++) {
    const phone = `07700 ${String(100000 + i).padStart(6, '0')}`;
    const carers: NonNullable<PupilLine['carers']> = [
      { name: `Carer ${i}`, phone, language: i % 4 === 0 ? 'Polish' : 'English' },
    ];
    if (i % 3 === 2)
      carers.push({
        name: `Carer ${i - 1}`,
        phone: `07700 ${String(100000 + i - 1).padStart(6, '0')}`,
      });
    pupils.push({
      upn: `A${String(100000000000 + i)}`,
      forename: `Pupil${i}`,
      surname: `Surname${i}`,
      className: i % 2 === 0 ? className : `${className} 2`,
      year,
      carers,
    });
  }
  return pupils;
}

export const sample: PupilLine[] = [
  {
    upn: 'K801200001001',
    forename: 'Zoë',
    surname: 'Brontë',
    className: 'Year 3 Birch',
    year: 'Year 3',
    carers: [
      { name: 'Siân Brontë', phone: '07700 900001', language: 'ENG' },
      { name: 'José Brontë', phone: '+44 (0)7700 900002', language: 'Spanish' },
    ],
  },
  {
    upn: 'K801200001002',
    forename: 'Amelia',
    surname: "O'Neill",
    className: 'Year 3 Birch',
    year: '3',
    carers: [{ name: 'Róisín O’Neill', phone: '07700900003', language: 'English' }],
  },
  {
    upn: 'K801200001003',
    forename: 'Leo',
    surname: 'Brontë',
    className: 'Reception Acorn',
    year: 'R',
    // Zoë's brother: the same carers, so the same two families.
    carers: [
      { name: 'Siân Brontë', phone: '07700 900001', language: 'ENG' },
      { name: 'José Brontë', phone: '07700 900002', language: 'Spanish' },
    ],
  },
];

// Windows-1252: Latin-1 plus the 0x80–0x9F punctuation spreadsheets use (’ “ ” – …).
const cp1252Extra: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};
export function encode(
  text: string,
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be',
): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'windows-1252':
      return Buffer.from(
        [...text].map((ch) => {
          const extra = cp1252Extra[ch];
          if (extra !== undefined) return extra;
          const cp = ch.codePointAt(0) ?? 0;
          if (cp > 0xff || (cp >= 0x80 && cp < 0xa0)) throw new Error(`not in Windows-1252: ${ch}`);
          return cp;
        }),
      );
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i < le.length; i += 2) {
        const a = le[i] as number;
        le[i] = le[i + 1] as number;
        le[i + 1] = a;
      }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
  }
}
