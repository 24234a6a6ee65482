import sharp from 'sharp';

/**
 * A photo without its location: EXIF (GPS position, and the camera's serial number with it), XMP and IPTC are
 * dropped by re-encoding with sharp, the orientation applied to the pixels first so the photo still stands upright;
 * the colour profile is kept. A photo that carries none of these is stored exactly as it came.
 * Null when the photo cannot be read (HEIC: the sharp build has no HEVC decoder).
 */
export async function withoutLocation(bytes: Buffer, mime: string): Promise<{ bytes: Buffer; removed: boolean } | null> {
  try {
    const image = sharp(bytes, { animated: mime === 'image/webp' });
    const meta = await image.metadata();
    if (!meta.exif && !meta.xmp && !meta.iptc) return { bytes, removed: false };
    const upright = image.rotate().keepIccProfile();
    const out =
      mime === 'image/jpeg' ? upright.jpeg({ quality: 92 }) : mime === 'image/png' ? upright.png() : mime === 'image/webp' ? upright.webp({ quality: 92 }) : null;
    if (!out) return null;
    return { bytes: await out.toBuffer(), removed: true };
  } catch {
    return null;
  }
}
