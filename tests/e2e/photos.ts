// Phone-like photos for the browser tests, made with sharp: noisy content (so JPEG sizes
// are realistic), EXIF orientation 6 and GPS, as a phone camera writes them.
import sharp from 'sharp';

const gps = {
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '51/1 30/1 2637/100',
    GPSLongitudeRef: 'W',
    GPSLongitude: '0/1 7/1 3950/100',
  },
};

export async function phonePhoto(width = 2400, height = 1800, seed = 1): Promise<Buffer> {
  const channels = 3;
  const raw = Buffer.alloc(width * height * channels);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    const pixel = Math.floor(i / channels);
    const gradient = ((pixel % width) / width) * 160 + (Math.floor(pixel / width) / height) * 60;
    raw[i] = Math.min(255, gradient + (x >>> 27));
  }
  return sharp(raw, { raw: { width, height, channels } })
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .withExifMerge(gps)
    .toBuffer();
}
