import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { describeEachEngine } from '../../test/harness';
import { HttpError } from '../http/errors';
import { attachFile, getFile, pruneUnattachedFilesJob, registerFileAccess, safeFilename, setFilePublic, storeUpload, type UploadInput } from './files';
import { contentDisposition } from './routes';

const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '21/1 19/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '103/1 54/1 0/1' };

async function photoWithGps(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'CameraOfTheCitizen', Copyright: 'Nguyễn Văn A' }, IFD3: GPS })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

const hasGpsPointer = (exif: Buffer) => exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

async function expectHttpError(p: Promise<unknown>, status: number, key: string) {
  const e = await p.then(
    () => null,
    (err) => err,
  );
  expect(e).toBeInstanceOf(HttpError);
  expect((e as HttpError).status).toBe(status);
  expect((e as HttpError).messageKey).toBe(key);
}

describe('file names', () => {
  it('keeps no path and takes the extension of what is stored', () => {
    expect(safeFilename('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(safeFilename('C:\\Users\\a\\Ảnh sạt lở.JPG', 'jpg')).toBe('Ảnh sạt lở.jpg');
    expect(safeFilename('<script>.gif', 'png')).toBe('script.png');
    expect(safeFilename('', 'pdf')).toBe('tep.pdf');
  });
  it('gives an ASCII fallback and the UTF-8 name in content-disposition', () => {
    expect(contentDisposition('inline', 'Đơn "kiến nghị".pdf')).toBe(
      `inline; filename="Don _kien nghi_.pdf"; filename*=UTF-8''${encodeURIComponent('Đơn "kiến nghị".pdf')}`,
    );
  });
});

describeEachEngine('file store', (getApp) => {
  const upload = (over: Partial<UploadInput>) =>
    getApp().ctx.db.transaction().execute((tx) =>
      storeUpload(tx, { filename: 'x', data: Buffer.alloc(0), allowed: ['image', 'pdf'], maxBytes: 5 * 1024 * 1024, ...over }),
    );

  it('re-encodes a photo: upright, and without EXIF (GPS location, camera, owner)', async () => {
    const original = await photoWithGps();
    const meta = await sharp(original).metadata();
    expect(meta.orientation).toBe(6);
    expect(hasGpsPointer(meta.exif!)).toBe(true);
    expect(original.includes(Buffer.from('CameraOfTheCitizen'))).toBe(true);

    const stored = await upload({ filename: 'ảnh hiện trường.jpg', data: original, declaredType: 'image/jpeg' });
    expect(stored).toMatchObject({ kind: 'image', contentType: 'image/jpeg', filename: 'ảnh hiện trường.jpg' });
    const file = (await getFile(getApp().ctx.db, stored.id))!;
    const after = await sharp(file.data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect([after.width, after.height]).toEqual([30, 40]);
    expect(file.data.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(file.data.includes(Buffer.from('CameraOfTheCitizen'))).toBe(false);
    expect(file.size).toBe(file.data.byteLength);
  });

  it('caps the size of large images and stores a GIF as PNG', async () => {
    const big = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#36c' } }).png().toBuffer();
    const s1 = await upload({ filename: 'lon.png', data: big, maxImageSide: 1200 });
    const m1 = await sharp((await getFile(getApp().ctx.db, s1.id))!.data).metadata();
    expect([m1.width, m1.height]).toEqual([1200, 400]);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#0a0' } }).gif().toBuffer();
    const s2 = await upload({ filename: 'dong.gif', data: gif });
    expect(s2).toMatchObject({ kind: 'image', contentType: 'image/png', filename: 'dong.png' });
  });

  it('refuses a disguised file with 415, whatever its name and declared type', async () => {
    const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');
    await expectHttpError(upload({ filename: 'anh.jpg', data: html, declaredType: 'image/jpeg' }), 415, 'files.error.type');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 1)]);
    await expectHttpError(upload({ filename: 'hoso.pdf', data: exe, declaredType: 'application/pdf' }), 415, 'files.error.type');
    // A real PNG is still refused where only PDFs are allowed.
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
    await expectHttpError(upload({ filename: 'a.pdf', data: png, allowed: ['pdf'] }), 415, 'files.error.type');
    // A JPEG header followed by garbage cannot be decoded.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
    await expectHttpError(upload({ filename: 'hong.jpg', data: broken }), 415, 'files.error.corrupt');
  });

  it('refuses an oversized file with 413 and an empty one with 422', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 32), Buffer.from('\n%%EOF\n')]);
    await expectHttpError(upload({ filename: 'to.pdf', data: pdf, maxBytes: 1024 }), 413, 'files.error.tooLarge');
    await expectHttpError(upload({ filename: 'rong.pdf', data: Buffer.alloc(0) }), 422, 'files.error.empty');
    const ok = await upload({ filename: 'don.pdf', data: pdf });
    expect(ok).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', filename: 'don.pdf' });
  });

  it('serves files with their stored type, safe headers, and no leak of private ones', async () => {
    const app = getApp();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 32), Buffer.from('\n%%EOF\n')]);
    const a = await upload({ filename: 'công khai.pdf', data: pdf });
    const b = await upload({ filename: 'riêng.pdf', data: pdf });
    const c = await upload({ filename: 'chưa gắn.pdf', data: pdf, createdBy: 999 });
    let allow = false;
    registerFileAccess('test-entity', async (_ctx, _p, _fileId, entityId) => allow && entityId === '7');
    await app.ctx.db.transaction().execute(async (tx) => {
      await attachFile(tx, a.id, 'test-entity', 7);
      await setFilePublic(tx, a.id, true);
      await attachFile(tx, b.id, 'test-entity', 7);
    });

    const pub = await app.server.inject({ method: 'GET', url: `/tep/${a.id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['content-type']).toBe('application/pdf');
    expect(pub.headers['x-content-type-options']).toBe('nosniff');
    expect(pub.headers['content-disposition']).toMatch(/^inline; /);
    expect(pub.headers['cache-control']).toContain('max-age=31536000');
    expect(pub.rawPayload.equals(pdf)).toBe(true);
    const again = await app.server.inject({ method: 'GET', url: `/tep/${a.id}`, headers: { 'if-none-match': String(pub.headers.etag) } });
    expect(again.statusCode).toBe(304);

    // Private, attached: the module's check decides; a refusal looks like a missing file.
    expect((await app.server.inject({ method: 'GET', url: `/tep/${b.id}` })).statusCode).toBe(404);
    allow = true;
    const priv = await app.server.inject({ method: 'GET', url: `/tep/${b.id}` });
    expect(priv.statusCode).toBe(200);
    expect(priv.headers['cache-control']).toMatch(/^private/);
    // Not attached to anything yet: only its uploader (not an anonymous visitor).
    expect((await app.server.inject({ method: 'GET', url: `/tep/${c.id}` })).statusCode).toBe(404);
    expect((await app.server.inject({ method: 'GET', url: '/tep/not-a-uuid' })).statusCode).toBe(404);
  });

  it('serves office documents as attachments', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Biên bản')] }] }));
    const s = await upload({ filename: 'bien-ban.docx', data: docx, allowed: ['docx'] });
    expect(s.kind).toBe('docx');
    await getApp().ctx.db.transaction().execute((tx) => setFilePublic(tx, s.id, true));
    const r = await getApp().server.inject({ method: 'GET', url: `/tep/${s.id}` });
    expect(r.headers['content-disposition']).toMatch(/^attachment; /);
    expect(r.headers['content-type']).toContain('wordprocessingml');
  });

  it('removes uploads never attached to anything after a day, and keeps attached ones', async () => {
    const app = getApp();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(32, 32), Buffer.from('\n%%EOF\n')]);
    const loose = await upload({ filename: 'bo-quen.pdf', data: pdf });
    const kept = await upload({ filename: 'giu-lai.pdf', data: pdf });
    await app.ctx.db.transaction().execute((tx) => attachFile(tx, kept.id, 'test-entity', 8));
    await pruneUnattachedFilesJob.run(app.ctx);
    expect(await getFile(app.ctx.db, loose.id)).toBeDefined(); // not a day old yet
    app.clock.advance(25 * 3600_000);
    try {
      await pruneUnattachedFilesJob.run(app.ctx);
    } finally {
      app.clock.reset();
    }
    expect(await getFile(app.ctx.db, loose.id)).toBeUndefined();
    expect(await getFile(app.ctx.db, kept.id)).toBeDefined();
  });
});
