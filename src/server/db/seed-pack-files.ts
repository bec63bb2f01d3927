// The demo packs' files, made in code at seed time (nothing binary in the repository):
// a three-page Year 4 maths worksheet PDF (each page with a big "Page n of 3" and its own
// drawing: sums in columns, a times-table grid, shapes split into fractions), a number
// line and a page of shapes to colour (SVG drawn by sharp, then through the same checks and
// re-encoding as a picture staff upload). Fixed content and fixed encoder settings, so a
// fresh seed stores the same bytes every time (on the same sharp/libvips build).
import sharp from 'sharp';
import { processPackFile, type ProcessedPackFile } from '../lib/pack-files.ts';
import { PdfPage, pdfDocument } from './seed-pdf.ts';

const footer = (page: PdfPage, n: number) =>
  page
    .line(50, 60, 545, 60, 0.5)
    .text(50, 44, 10, 'Oakfield Primary School - Year 4 Oak - home learning')
    .text(470, 44, 10, `Page ${n} of 3`);

const heading = (page: PdfPage, n: number, title: string, task: string) =>
  page
    .text(50, 770, 36, `Page ${n} of 3`, true)
    .text(50, 728, 22, title, true)
    .text(50, 700, 12, task)
    .text(50, 676, 12, 'Name: ______________________    Date: ______________');

function columnAddition(): PdfPage {
  const page = heading(
    new PdfPage(),
    1,
    'Column addition',
    'Add the numbers. Start with the ones column and exchange when you need to.',
  );
  const sums: [number, number][] = [
    [345, 128],
    [276, 419],
    [508, 387],
    [1264, 2538],
    [3709, 1846],
    [4475, 2697],
  ];
  for (const [i, [a, b]] of sums.entries()) {
    const x = 70 + (i % 3) * 170;
    const y = 560 - Math.floor(i / 3) * 220;
    page.text(x, y + 40, 11, `${String.fromCharCode(97 + i)})`, true);
    page.text(x + 40, y, 24, String(a).padStart(4, ' '));
    page.text(x + 20, y - 34, 24, '+');
    page.text(x + 40, y - 34, 24, String(b).padStart(4, ' '));
    page.line(x + 20, y - 46, x + 130, y - 46, 1.5);
    page.rect(x + 38, y - 92, 92, 38);
    page.line(x + 20, y - 100, x + 130, y - 100, 1.5);
  }
  page.text(50, 120, 12, 'Challenge: make up your own sum with an answer of exactly 1000.');
  return footer(page, 1);
}

function timesTables(): PdfPage {
  const page = heading(
    new PdfPage(),
    2,
    'The 6 and 9 times tables',
    'Fill in every box. Then cover the answers and say them out loud.',
  );
  for (const [col, n] of [6, 9].entries()) {
    const x = 70 + col * 250;
    page.rect(x - 10, 640, 210, 28, 0.85).text(x, 648, 14, `${n} times table`, true);
    for (let i = 1; i <= 12; i++) {
      const y = 640 - i * 40;
      page.text(x, y + 10, 16, `${i} x ${n} =`);
      page.rect(x + 110, y + 2, 80, 30);
    }
  }
  page.text(50, 100, 12, 'Tip: the digits of every answer in the 9 times table add up to 9.');
  return footer(page, 2);
}

function fractions(): PdfPage {
  const page = heading(
    new PdfPage(),
    3,
    'Fractions of shapes',
    'Colour the fraction written under each shape.',
  );
  // Rectangles in halves, quarters and thirds.
  for (const [i, parts] of [2, 4, 3].entries()) {
    const x = 60 + i * 170;
    page.rect(x, 480, 150, 120);
    for (let p = 1; p < parts; p++) {
      const lx = +(x + (150 * p) / parts).toFixed(1);
      page.line(lx, 480, lx, 600, 1.5);
    }
    page.text(x + 55, 450, 20, ['1/2', '3/4', '2/3'][i] ?? '', true);
  }
  // Circles in quarters, a triangle in half.
  for (const [i, cx] of [135, 305].entries()) {
    page.circle(cx, 320, 70);
    page.line(cx - 70, 320, cx + 70, 320, 1.5);
    page.line(cx, 250, cx, 390, 1.5);
    page.text(cx - 15, 220, 20, i === 0 ? '1/4' : '2/4', true);
  }
  page.polygon([
    [400, 250],
    [540, 250],
    [470, 390],
  ]);
  page.line(470, 250, 470, 390, 1.5);
  page.text(455, 220, 20, '1/2', true);
  page.text(50, 130, 12, 'Which two shapes have the same amount coloured? Write how you know.');
  page.line(50, 100, 545, 100, 0.5);
  return footer(page, 3);
}

export const mathsWorksheetPdf = () =>
  pdfDocument([columnAddition(), timesTables(), fractions()], 'Year 4 maths worksheets');

const svgText = (x: number, y: number, size: number, text: string, weight = 'normal') =>
  `<text x="${x}" y="${y}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="${size}" font-weight="${weight}" text-anchor="middle">${text}</text>`;

function numberLineSvg(): string {
  const w = 1000;
  const h = 700;
  const x0 = 50;
  const step = 36;
  const parts = [`<rect width="${w}" height="${h}" fill="#fff"/>`];
  parts.push(svgText(w / 2, 70, 44, 'Number line jumps', 'bold'));
  parts.push(
    svgText(w / 2, 120, 24, 'Show each sum with jumps on the line, then write the answer.'),
  );
  for (const [row, [a, b]] of [
    [3, 4],
    [8, 5],
    [12, 7],
  ].entries()) {
    const y = 300 + row * 160;
    parts.push(
      `<line x1="${x0}" y1="${y}" x2="${x0 + 20 * step}" y2="${y}" stroke="#000" stroke-width="4"/>`,
    );
    for (let n = 0; n <= 20; n++) {
      const x = x0 + n * step;
      parts.push(
        `<line x1="${x}" y1="${y - 12}" x2="${x}" y2="${y + 12}" stroke="#000" stroke-width="3"/>`,
      );
      parts.push(svgText(x, y + 42, 22, String(n)));
    }
    if (row === 0) {
      // The worked example: one jump of 4 from 3, drawn in blue.
      const from = x0 + (a ?? 0) * step;
      const to = x0 + ((a ?? 0) + (b ?? 0)) * step;
      parts.push(
        `<path d="M${from} ${y - 14} Q${(from + to) / 2} ${y - 110} ${to} ${y - 14}" fill="none" stroke="#1f5fbf" stroke-width="5"/>`,
      );
      parts.push(svgText((from + to) / 2, y - 90, 26, '+4', 'bold'));
    }
    parts.push(svgText(850, y + 10, 26, `${a} + ${b} =`, 'bold'));
    parts.push(
      `<rect x="915" y="${y - 25}" width="70" height="50" fill="none" stroke="#000" stroke-width="3"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${parts.join('')}</svg>`;
}

function shapesSvg(): string {
  const w = 1000;
  const h = 700;
  const outline = 'fill="none" stroke="#000" stroke-width="8"';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<rect width="${w}" height="${h}" fill="#fff"/>
${svgText(w / 2, 80, 48, 'Shapes to colour', 'bold')}
<circle cx="190" cy="330" r="130" ${outline}/>
<rect x="390" y="200" width="260" height="260" ${outline}/>
<polygon points="810,190 950,460 670,460" ${outline}/>
${svgText(190, 540, 40, 'circle')}${svgText(520, 540, 40, 'square')}${svgText(810, 540, 40, 'triangle')}
${svgText(190, 600, 32, 'red')}${svgText(520, 600, 32, 'blue')}${svgText(810, 600, 32, 'yellow')}
</svg>`;
}

const picture = async (svg: string) =>
  processPackFile('image', await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer());

export type DemoPackFiles = {
  worksheet: ProcessedPackFile;
  numberLine: ProcessedPackFile;
  shapes: ProcessedPackFile;
};

let made: Promise<DemoPackFiles> | undefined;

/** Made once per process (every test app seeds a fresh database with the same files). */
export function demoPackFiles(): Promise<DemoPackFiles> {
  made ??= (async () => ({
    worksheet: await processPackFile('pdf', mathsWorksheetPdf()),
    numberLine: await picture(numberLineSvg()),
    shapes: await picture(shapesSvg()),
  }))();
  return made;
}
