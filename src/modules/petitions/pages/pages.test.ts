import { beforeAll, expect, it } from 'vitest';
import sharp from 'sharp';
import { describeEachEngine, type TestApp } from '../../../test/harness';
import { loginAs, postForm, csrfFrom, DEMO_PASSWORD } from '../../accounts/testing';
import { insertAccount } from '../../accounts/service';
import { getAgencyByCode, listUnits } from '../../directory/service';
import { seedDirectoryDemo } from '../../directory/seed';
import { seedAccounts } from '../../accounts/seed';

type Session = { cookie: string; csrf: string };

/** A multipart/form-data body as a browser sends it (text fields and files). */
function multipart(fields: Record<string, string>, files: Array<{ name: string; filename: string; type: string; data: Buffer }> = []) {
  const boundary = `----dt${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\ncontent-type: ${f.type}\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const CHIENG_COI = '03670';
const good = {
  kind: 'phan_anh',
  title: 'Sạt lở taluy đường vào bản Hài',
  content: 'Mưa lớn kéo dài làm sạt lở taluy dương trên đường vào bản Hài, đất đá tràn xuống mặt đường, đe dọa ba hộ dân phía dưới.',
  unitCode: CHIENG_COI,
  peopleCount: '3',
  visibility: 'public',
};

async function submit(app: TestApp, who: Session, fields: Record<string, string>, files: Parameters<typeof multipart>[1] = [], url = '/kien-nghi/gui') {
  const body = multipart({ _csrf: who.csrf, ...fields }, files);
  return app.server.inject({
    method: 'POST',
    url: `${url}?_csrf=${encodeURIComponent(who.csrf)}`,
    headers: { cookie: who.cookie, 'content-type': body.contentType, accept: 'text/html' },
    payload: body.payload,
  });
}

const get = (app: TestApp, url: string, who?: Session | null) =>
  app.server.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(who ? { cookie: who.cookie } : {}) } });

/** Posts one action form of the detail page. */
const act = (app: TestApp, code: string, who: Session, fields: Record<string, string>) => postForm(app, `/kien-nghi/${code}/thao-tac`, who, fields);

const ANSWER = 'Ngày 12/11, phường đã khảo sát hiện trường, bố trí lực lượng dọn đất đá và cắm biển cảnh báo; sẽ gia cố taluy bằng rọ đá trong tháng 12.';

function codeOf(location: string | undefined): string {
  const m = /^\/kien-nghi\/((?:KN|KNTC)-\d{4}-\d{6,})\/da-gui(?:\?thay=1)?$/.exec(location ?? '');
  if (!m) throw new Error(`not a tracking-code page: ${location}`);
  return m[1];
}

describeEachEngine(
  'petition pages',
  (getApp) => {
    let citizen: Session;
    let officer: Session;
    let head: Session;
    let otherCitizen: Session;
    let otherOfficer: Session;

    // The cast: demo accounts, a second citizen, an officer of another commune.
    beforeAll(async () => {
      const app = getApp();
      // Only the demo directory and accounts (not every module's demo content).
      await seedDirectoryDemo(app.ctx);
      await seedAccounts(app.ctx);
      citizen = await loginAs(app, 'congdan@example.com');
      officer = await loginAs(app, 'chuyenvien@example.com');
      head = await loginAs(app, 'chutich@example.com');
      const other = (await listUnits(app.ctx.db, { parent: '14', q: 'To Hieu' }))[0];
      const agency = (await getAgencyByCode(app.ctx.db, `UBND-${other.code}`))!;
      await insertAccount(app.ctx, { email: 'dan2@example.com', name: 'Lò Thị Bích', password: DEMO_PASSWORD, kind: 'citizen', unitCode: other.code });
      await insertAccount(app.ctx, { email: 'canbo.tohieu@example.com', name: 'Tòng Văn Hải', password: DEMO_PASSWORD, kind: 'official', roles: [{ role: 'officer', agencyId: agency.id }] });
      otherCitizen = await loginAs(app, 'dan2@example.com');
      otherOfficer = await loginAs(app, 'canbo.tohieu@example.com');
    }, 600_000);

    // Each test makes the petitions it needs with these steps, so that any test runs alone.

    /** A public petition the citizen sends through the submit form; its tracking code. */
    async function submitPublic(app: TestApp): Promise<string> {
      const res = await submit(app, citizen, good);
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      return codeOf(res.headers.location as string);
    }

    /** The officer receives the petition and assigns it to himself, through the detail page's forms. */
    async function receiveAndAssign(app: TestApp, code: string): Promise<void> {
      expect((await act(app, code, officer, { action: 'receive' })).statusCode).toBe(303);
      const page = await get(app, `/kien-nghi/${code}`, officer);
      const officerId = /<option value="(\d+)">Cầm Văn Dũng<\/option>/.exec(page.body)![1];
      expect((await act(app, code, officer, { action: 'assign', assigneeId: officerId })).statusCode).toBe(303);
    }

    /** Received, assigned, answered, approved by the head and published, through the forms. */
    async function publishAnswer(app: TestApp, code: string): Promise<void> {
      await receiveAndAssign(app, code);
      expect((await act(app, code, officer, { action: 'draft_answer', answerText: ANSWER, docNo: '123/UBND-VP' })).statusCode).toBe(303);
      expect((await act(app, code, head, { action: 'approve' })).statusCode).toBe(303);
      expect((await act(app, code, head, { action: 'publish' })).statusCode).toBe(303);
    }

    it('shows the submit form to a citizen, and sends a visitor to sign in first', async () => {
      const app = getApp();
      const page = await get(app, '/kien-nghi/gui', citizen);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('enctype="multipart/form-data"');
      // The token travels in the body, never in the address (a form shown again with errors keeps the address).
      expect(page.body).toContain('action="/kien-nghi/gui"');
      expect(page.body).not.toContain('_csrf=');
      expect(page.body).toContain('Tố cáo');
      expect(page.body).toContain('Luật Tố cáo');
      expect(page.body).toContain('<option value="03670" selected>'); // the citizen's own commune
      const anon = await get(app, '/kien-nghi/gui');
      expect(anon.statusCode).toBe(303);
      expect(anon.headers.location).toBe('/dang-nhap?next=%2Fkien-nghi%2Fgui');
    });

    it('submits without JavaScript (multipart form post) → 303 → the tracking-code page; photos lose their EXIF', async () => {
      const app = getApp();
      const photo = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#884422' } })
        .jpeg()
        .withExif({ IFD0: { Make: 'PhoneOfCitizen' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 19/1 0/1' } })
        .toBuffer();
      const res = await submit(app, citizen, good, [{ name: 'attachments', filename: 'hien-truong.jpg', type: 'image/jpeg', data: photo }]);
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      const code = codeOf(res.headers.location as string);
      const done = await get(app, res.headers.location as string, citizen);
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain(code);
      expect(done.body).toContain('Mã theo dõi của bạn');
      const detail = await get(app, `/kien-nghi/${code}`, citizen);
      expect(detail.statusCode).toBe(200);
      const fileId = /href="\/tep\/([0-9a-f-]{36})"/.exec(detail.body)![1];
      const file = await app.server.inject({ method: 'GET', url: `/tep/${fileId}`, headers: { cookie: citizen.cookie } });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.includes(Buffer.from('PhoneOfCitizen'))).toBe(false);
      // Another citizen may not fetch the attachment of a petition that is not published.
      const leak = await app.server.inject({ method: 'GET', url: `/tep/${fileId}`, headers: { cookie: otherCitizen.cookie } });
      expect(leak.statusCode).toBe(404);
    });

    it('shows validation errors beside the fields in Vietnamese (422), keeping what was typed', async () => {
      const app = getApp();
      const res = await submit(app, citizen, { ...good, title: 'Sạt', content: 'Quá ngắn', kind: '' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Vui lòng sửa các lỗi sau');
      expect(res.body).toMatch(/id="title-error">Tiêu đề cần ít nhất 5 ký tự\.</);
      expect(res.body).toMatch(/id="content-error">Nội dung cần ít nhất 20 ký tự\.</);
      expect(res.body).toMatch(/id="kind-error">Vui lòng chọn loại đơn\.</);
      expect(res.body).toContain('value="Sạt"');
      expect(res.body).toContain('>Quá ngắn</textarea>');
    });

    it('refuses a disguised attachment with 415 and an oversized one with 413, beside the field, creating nothing', async () => {
      const app = getApp();
      const before = await get(app, '/kien-nghi/cua-toi', citizen);
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      const r415 = await submit(app, citizen, good, [{ name: 'attachments', filename: 'anh.jpg', type: 'image/jpeg', data: html }]);
      expect(r415.statusCode).toBe(415);
      expect(r415.body).toMatch(/id="attachments-error">Tệp “anh\.jpg” không đúng định dạng cho phép/);
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024, 32)]);
      const r413 = await submit(app, citizen, good, [{ name: 'attachments', filename: 'lon.pdf', type: 'application/pdf', data: big }]);
      expect(r413.statusCode).toBe(413);
      expect(r413.body).toMatch(/id="attachments-error">Tệp “lon\.pdf” vượt quá dung lượng cho phép/);
      const after = await get(app, '/kien-nghi/cua-toi', citizen);
      expect(after.body.match(/class="petition-item"/g)?.length).toBe(before.body.match(/class="petition-item"/g)?.length);
    });

    it('keeps a private petition from other citizens, visitors and another commune’s officer', async () => {
      const app = getApp();
      const res = await submit(app, citizen, { ...good, title: 'Tranh chấp ranh giới đất với hộ bên cạnh', visibility: 'private' });
      expect(res.statusCode).toBe(303);
      const privateCode = codeOf(res.headers.location as string);
      expect((await get(app, `/kien-nghi/${privateCode}`, citizen)).statusCode).toBe(200);
      expect((await get(app, `/kien-nghi/${privateCode}`, officer)).statusCode).toBe(200);
      expect((await get(app, `/kien-nghi/${privateCode}`, otherCitizen)).statusCode).toBe(404);
      expect((await get(app, `/kien-nghi/${privateCode}`)).statusCode).toBe(404);
      expect((await get(app, `/kien-nghi/${privateCode}`, otherOfficer)).statusCode).toBe(404);
      // Nor can they act on it.
      const r = await act(app, privateCode, otherOfficer, { action: 'receive' });
      expect(r.statusCode).toBe(404);
      const w = await act(app, privateCode, otherCitizen, { action: 'withdraw', reason: 'Không phải của tôi' });
      expect(w.statusCode).toBe(404);
      // The tracking code shows the status, never the content of a private petition.
      const track = await get(app, `/tra-cuu?ma=${privateCode.toLowerCase()}`);
      expect(track.statusCode).toBe(200);
      expect(track.body).toContain('Nội dung kiến nghị không công khai.');
      expect(track.body).not.toContain('Tranh chấp ranh giới');
    });

    it('refuses an action the caller’s role does not allow, with the reason on the page', async () => {
      const app = getApp();
      const res = await submit(app, citizen, { ...good, title: 'Cống thoát nước bị tắc trước nhà văn hóa', visibility: 'private' });
      expect(res.statusCode).toBe(303);
      const r = await act(app, codeOf(res.headers.location as string), citizen, { action: 'receive' });
      expect(r.statusCode).toBe(403);
      expect(r.body).toContain('Bạn không có quyền thực hiện thao tác này với kiến nghị.');
    });

    it('runs the lifecycle through the detail page’s forms: receive → assign → draft → approve → publish → rate → reopen', async () => {
      const app = getApp();
      const publicCode = await submitPublic(app);
      const inbox = await get(app, '/can-bo/kien-nghi', officer);
      expect(inbox.statusCode).toBe(200);
      expect(inbox.body).toContain(publicCode);
      expect((await act(app, publicCode, officer, { action: 'receive', receiptNo: '15/TCD' })).statusCode).toBe(303);
      const page = await get(app, `/kien-nghi/${publicCode}`, officer);
      expect(page.body).toContain('Đã thụ lý');
      const officerId = /<option value="(\d+)">Cầm Văn Dũng<\/option>/.exec(page.body)![1];
      expect((await act(app, publicCode, officer, { action: 'assign', assigneeId: officerId })).statusCode).toBe(303);
      // A too-short answer is refused beside the field.
      const short = await act(app, publicCode, officer, { action: 'draft_answer', answerText: 'Đã xử lý.' });
      expect(short.statusCode).toBe(422);
      expect(short.body).toMatch(/id="answerText-error">Nội dung trả lời cần ít nhất 20 ký tự\.</);
      expect((await act(app, publicCode, officer, { action: 'draft_answer', answerText: ANSWER, docNo: '123/UBND-VP' })).statusCode).toBe(303);
      // The officer cannot approve; the head can.
      expect((await act(app, publicCode, officer, { action: 'approve' })).statusCode).toBe(403);
      expect((await act(app, publicCode, head, { action: 'approve' })).statusCode).toBe(303);
      expect((await act(app, publicCode, head, { action: 'publish' })).statusCode).toBe(303);
      const pub = await get(app, `/kien-nghi/${publicCode}`);
      expect(pub.statusCode).toBe(200);
      expect(pub.body).toContain('gia cố taluy bằng rọ đá');
      expect(pub.body).not.toContain('Nguyễn Văn An'); // no personal data for visitors
      // Rate, then reopen within the window.
      expect((await act(app, publicCode, citizen, { action: 'rate', score: '2', comment: 'Chưa thấy gia cố.' })).statusCode).toBe(303);
      const reopen = await act(app, publicCode, citizen, { action: 'reopen', reason: 'Đến nay taluy vẫn chưa được gia cố, mưa lại sạt tiếp.' });
      expect(reopen.statusCode).toBe(303);
      const mine = await get(app, `/kien-nghi/${publicCode}`, citizen);
      expect(mine.body).toContain('Mở lại');
      expect(mine.body).toContain('Người gửi đã mở lại');
    });

    it('lists and searches published answers without diacritics, with the matches highlighted', async () => {
      const app = getApp();
      const publicCode = await submitPublic(app);
      await publishAnswer(app, publicCode);
      const list = await get(app, '/kien-nghi');
      expect(list.statusCode).toBe(200);
      const search = await get(app, '/kien-nghi?q=sat+lo+ban+hai');
      expect(search.statusCode).toBe(200);
      expect(search.body).toContain(publicCode);
      expect(search.body).toMatch(/<mark>Sạt<\/mark> <mark>lở<\/mark>/);
      const none = await get(app, '/kien-nghi?q=zzzkhongcoqqq');
      expect(none.body).toContain('Không tìm thấy kiến nghị nào phù hợp');
      const suggest = await app.server.inject({ method: 'GET', url: `/kien-nghi/goi-y?tieu-de=${encodeURIComponent('sat lo taluy duong')}` });
      expect(suggest.json().items.map((i: { code: string }) => i.code)).toContain(publicCode);
    });

    it('shows HTML and script in any text as text', async () => {
      const app = getApp();
      const evil = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
      const res = await submit(app, citizen, { ...good, title: `Đường hỏng ${evil}`, content: `Nội dung có thẻ nguy hiểm ${evil} cần hiển thị như chữ.`, visibility: 'private' });
      expect(res.statusCode).toBe(303);
      const code = codeOf(res.headers.location as string);
      for (const who of [citizen, officer]) {
        const page = await get(app, `/kien-nghi/${code}`, who);
        expect(page.statusCode).toBe(200);
        expect(page.body).not.toContain('<script>alert("xss")</script>');
        expect(page.body).not.toContain('<img src=x');
        expect(page.body).toContain('&lt;script>alert(&quot;xss&quot;)&lt;/script>');
      }
      const inbox = await get(app, '/can-bo/kien-nghi', officer);
      expect(inbox.body).not.toContain('<img src=x');
    });

    it('lets staff enter a petition for a citizen, recording who and where; a citizen may not', async () => {
      const app = getApp();
      const front = await loginAs(app, 'mattran@example.com');
      const form = await get(app, '/can-bo/kien-nghi/nhap', front);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Kênh tiếp nhận');
      const res = await submit(
        app,
        front,
        {
          ...good,
          title: 'Cử tri bản Cọ đề nghị làm rãnh thoát nước',
          channel: 'front_gathering',
          petitionerName: 'Lò Văn Cọ',
          petitionerPhone: '0987111222',
          enteredPlace: 'Hội nghị tiếp xúc cử tri bản Cọ',
          visibility: 'private',
        },
        [],
        '/can-bo/kien-nghi/nhap',
      );
      expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
      const code = codeOf(res.headers.location as string);
      const seen = await get(app, `/kien-nghi/${code}`, officer);
      expect(seen.statusCode).toBe(200);
      expect(seen.body).toContain('Lò Văn Cọ');
      expect(seen.body).toContain('Hội nghị tiếp xúc cử tri bản Cọ');
      expect(seen.body).toContain('Mặt trận, đoàn thể tổng hợp');
      expect(seen.body).toMatch(/<dt>Người nhập<\/dt><dd>Lò Thị Hương<\/dd>/);
      const missing = await submit(app, front, { ...good, channel: 'letter', petitionerName: '' }, [], '/can-bo/kien-nghi/nhap');
      expect(missing.statusCode).toBe(422);
      expect(missing.body).toMatch(/id="petitionerName-error">/);
      expect((await get(app, '/can-bo/kien-nghi/nhap', citizen)).statusCode).toBe(403);
      expect((await get(app, '/can-bo/kien-nghi', citizen)).statusCode).toBe(403);
    });

    it('manages answer templates and fills a draft from one without JavaScript', async () => {
      const app = getApp();
      const page = await get(app, '/can-bo/mau-tra-loi', officer);
      expect(page.statusCode).toBe(200);
      const bad = await postForm(app, '/can-bo/mau-tra-loi', officer, { agencyId: /name="agencyId" value="(\d+)"/.exec(page.body)![1], title: 'Mẫu', body: 'ngắn' });
      expect(bad.statusCode).toBe(422);
      const agencyId = /name="agencyId" value="(\d+)"/.exec(page.body)![1];
      const ok = await postForm(app, '/can-bo/mau-tra-loi', officer, {
        agencyId,
        title: 'Trả lời về sạt lở',
        body: 'UBND phường đã tiếp nhận phản ánh và giao bộ phận chuyên môn khảo sát, xử lý theo quy định.',
      });
      expect(ok.statusCode).toBe(303);
      const list = await get(app, '/can-bo/mau-tra-loi', officer);
      expect(list.body).toContain('Trả lời về sạt lở');
      // A petition the officer handles: fill its draft from the template.
      const publicCode = await submitPublic(app);
      await receiveAndAssign(app, publicCode);
      const withDraft = await get(app, `/kien-nghi/${publicCode}`, officer);
      const templateId = /<option value="(\d+)">Trả lời về sạt lở<\/option>/.exec(withDraft.body)![1];
      const filled = await get(app, `/kien-nghi/${publicCode}?ghi=1&mau=${templateId}`, officer);
      expect(filled.body).toMatch(/<textarea[^>]*id="answerText"[^>]*>UBND phường đã tiếp nhận phản ánh/);
      expect(csrfFrom(filled.body)).toBeTruthy();
    });

    it('looks up a petition by its tracking code without an account; a malformed code gets a clear message', async () => {
      const app = getApp();
      const publicCode = await submitPublic(app);
      const r = await get(app, `/tra-cuu?ma=${publicCode}`);
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('Sạt lở taluy đường vào bản Hài');
      expect(r.body).not.toContain('Nguyễn Văn An');
      const bad = await get(app, '/tra-cuu?ma=abc');
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('Mã theo dõi có dạng KN-2026-000123');
      const missing = await get(app, '/tra-cuu?ma=KN-2020-999999');
      expect(missing.statusCode).toBe(404);
    });
  },
);
