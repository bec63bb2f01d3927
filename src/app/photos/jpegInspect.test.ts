import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fitLongEdge, sniffImage, swapsAxes } from './imageHeader.ts';
import {
  hasExif,
  hasGps,
  isJpeg,
  jpegMetadataMarkers,
  jpegMetadataSummary,
  jpegOrientation,
  jpegSize,
} from './jpegInspect.ts';

const base = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } });
const gps = {
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '51/1 30/1 2637/100',
    GPSLongitudeRef: 'W',
    GPSLongitude: '0/1 7/1 3950/100',
  },
};

describe('jpegInspect on JPEGs made with sharp', () => {
  it('a bare JPEG: no EXIF, no GPS, its size, orientation 1', async () => {
    const bytes = new Uint8Array(await base().jpeg().toBuffer());
    expect(isJpeg(bytes)).toBe(true);
    expect(hasExif(bytes)).toBe(false);
    expect(hasGps(bytes)).toBe(false);
    expect(jpegSize(bytes)).toEqual({ width: 64, height: 48 });
    expect(jpegOrientation(bytes)).toBe(1);
    expect(jpegMetadataMarkers(bytes).filter((m) => m === 0xe1)).toEqual([]);
    expect(jpegMetadataSummary(bytes).every((m) => !m.startsWith('APP1'))).toBe(true);
  });

  it('EXIF without GPS', async () => {
    const bytes = new Uint8Array(
      await base()
        .jpeg()
        .withExif({ IFD0: { Make: 'Phone', Model: 'X' } })
        .toBuffer(),
    );
    expect(hasExif(bytes)).toBe(true);
    expect(hasGps(bytes)).toBe(false);
  });

  it('EXIF with GPS and orientation 6, as a phone writes it', async () => {
    const bytes = new Uint8Array(
      await base().jpeg().withMetadata({ orientation: 6 }).withExifMerge(gps).toBuffer(),
    );
    expect(hasExif(bytes)).toBe(true);
    expect(hasGps(bytes)).toBe(true);
    expect(jpegOrientation(bytes)).toBe(6);
    expect(jpegSize(bytes)).toEqual({ width: 64, height: 48 }); // stored, not oriented
    expect(sniffImage(bytes)).toEqual({ kind: 'jpeg', width: 64, height: 48, orientation: 6 });
  });

  it('EXIF kept from the input (keepExif) is found, big-endian or little-endian', async () => {
    const withGps = await base()
      .jpeg()
      .withMetadata({ orientation: 8 })
      .withExifMerge(gps)
      .toBuffer();
    const kept = new Uint8Array(await sharp(withGps).resize(32).jpeg().keepExif().toBuffer());
    expect(hasGps(kept)).toBe(true);
    expect(jpegOrientation(kept)).toBe(8);
  });

  it('re-encoding without metadata (what the canvas does) leaves no EXIF and no GPS', async () => {
    const withGps = await base()
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge(gps)
      .toBuffer();
    const clean = new Uint8Array(await sharp(withGps).jpeg({ quality: 80 }).toBuffer());
    expect(hasExif(clean)).toBe(false);
    expect(hasGps(clean)).toBe(false);
  });

  it('GPS in an XMP packet counts as GPS', () => {
    const xmp = new TextEncoder().encode(
      'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>51,30N</exif:GPSLatitude>',
    );
    const seg = new Uint8Array([0xff, 0xe1, (xmp.length + 2) >> 8, (xmp.length + 2) & 255, ...xmp]);
    const bytes = new Uint8Array([0xff, 0xd8, ...seg, 0xff, 0xd9]);
    expect(hasExif(bytes)).toBe(false);
    expect(hasGps(bytes)).toBe(true);
  });

  it('truncated and junk bytes do not throw', async () => {
    const full = new Uint8Array(await base().jpeg().withExifMerge(gps).toBuffer());
    for (const n of [0, 1, 2, 3, 4, 10, 20, 100]) {
      const part = full.subarray(0, n);
      expect(() => [
        hasExif(part),
        hasGps(part),
        jpegSize(part),
        jpegOrientation(part),
      ]).not.toThrow();
    }
    expect(jpegSize(new TextEncoder().encode('%PDF-1.7'))).toBeUndefined();
  });
});

describe('sniffImage', () => {
  it('reads PNG, GIF and WebP sizes', async () => {
    const png = new Uint8Array(await base().png().toBuffer());
    expect(sniffImage(png)).toEqual({ kind: 'png', width: 64, height: 48, orientation: 1 });
    const gif = new Uint8Array(await base().gif().toBuffer());
    expect(sniffImage(gif)).toEqual({ kind: 'gif', width: 64, height: 48, orientation: 1 });
    const webp = new Uint8Array(await base().webp().toBuffer());
    expect(sniffImage(webp)).toMatchObject({ kind: 'webp', width: 64, height: 48 });
    const lossless = new Uint8Array(await base().webp({ lossless: true }).toBuffer());
    expect(sniffImage(lossless)).toMatchObject({ kind: 'webp', width: 64, height: 48 });
  });

  it('says null for things that are not pictures', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffImage(enc('%PDF-1.7\n'))).toBeNull();
    expect(sniffImage(enc('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(new Uint8Array([0, 0, 0, 0x18, ...enc('ftypmp42')]))).toBeNull(); // a video
    expect(sniffImage(new Uint8Array())).toBeNull();
  });

  it('knows HEIF/AVIF without their size', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffImage(new Uint8Array([0, 0, 0, 0x18, ...enc('ftypheic')]))).toEqual({
      kind: 'heif',
      orientation: 1,
    });
    expect(sniffImage(new Uint8Array([0, 0, 0, 0x18, ...enc('ftypavif')]))?.kind).toBe('avif');
  });

  it('fits the long edge and swaps for quarter turns', () => {
    expect(fitLongEdge(4032, 3024, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(fitLongEdge(3024, 4032, 1600)).toEqual({ width: 1200, height: 1600 });
    expect(fitLongEdge(8000, 6000, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(fitLongEdge(800, 600, 1600)).toEqual({ width: 800, height: 600 });
    expect(fitLongEdge(100_000, 10, 1600)).toEqual({ width: 1600, height: 1 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(swapsAxes)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});
