// A very small PDF 1.4 writer for the demo seed: pages of text (the standard Helvetica
// fonts, which every reader has, so nothing is embedded) and simple line drawings, with
// the cross-reference table computed from the real byte offsets. Content streams are left
// uncompressed and no dates are written, so the same pages give the same bytes every time.
// Text is WinAnsi: keep it to printable ASCII.

/** Drawing operations for one A4 page (595 × 842 pt, origin bottom left). */
export class PdfPage {
  static readonly width = 595;
  static readonly height = 842;
  private readonly ops: string[] = [];

  text(x: number, y: number, size: number, text: string, bold = false): this {
    const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
    this.ops.push(`BT /${bold ? 'F2' : 'F1'} ${size} Tf ${x} ${y} Td (${escaped}) Tj ET`);
    return this;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 1): this {
    this.ops.push(`${width} w ${x1} ${y1} m ${x2} ${y2} l S`);
    return this;
  }

  /** A rectangle outline, or filled with a grey level (0 black … 1 white). */
  rect(x: number, y: number, w: number, h: number, fillGrey?: number): this {
    this.ops.push(
      fillGrey === undefined
        ? `1 w ${x} ${y} ${w} ${h} re S`
        : `${fillGrey} g ${x} ${y} ${w} ${h} re f 0 g`,
    );
    return this;
  }

  /** A circle outline from four Bézier quarter arcs. */
  circle(cx: number, cy: number, r: number, width = 1.5): this {
    const k = +(r * 0.5523).toFixed(2);
    this.ops.push(
      [
        `${width} w ${cx + r} ${cy} m`,
        `${cx + r} ${cy + k} ${cx + k} ${cy + r} ${cx} ${cy + r} c`,
        `${cx - k} ${cy + r} ${cx - r} ${cy + k} ${cx - r} ${cy} c`,
        `${cx - r} ${cy - k} ${cx - k} ${cy - r} ${cx} ${cy - r} c`,
        `${cx + k} ${cy - r} ${cx + r} ${cy - k} ${cx + r} ${cy} c S`,
      ].join(' '),
    );
    return this;
  }

  /** A closed outline through the points. */
  polygon(points: [number, number][], width = 1.5): this {
    const [first, ...rest] = points;
    if (!first) return this;
    const path = [`${first[0]} ${first[1]} m`, ...rest.map(([x, y]) => `${x} ${y} l`)];
    this.ops.push(`${width} w ${path.join(' ')} h S`);
    return this;
  }

  content(): string {
    return `${this.ops.join('\n')}\n`;
  }
}

/** The whole file: catalog, page tree, two fonts, an info dictionary, then each page. */
export function pdfDocument(pages: PdfPage[], title: string): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const firstPage = 6;
  const kids = pages.map((_, i) => `${firstPage + i * 2} 0 R`).join(' ');
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  add(`<< /Title (${title.replace(/[\\()]/g, (c) => `\\${c}`)}) /Producer (Homeward demo seed) >>`);
  for (const [i, page] of pages.entries()) {
    const content = page.content();
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PdfPage.width} ${PdfPage.height}] ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${firstPage + i * 2 + 1} 0 R >>`,
    );
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`);
  }

  // A binary comment on line 2 tells transfer tools the file is not text.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, space, LF.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
