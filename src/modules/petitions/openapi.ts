import type { OpenApiFragment } from '../../platform/module';
import { CHANNELS, PETITION_KINDS, STATES } from './model';
import { ACTIONS } from './state-machine';

const TAG = 'Kiến nghị';
const problem = { $ref: '#/components/responses/Problem' };
const json = (schema: unknown) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD (ngày theo giờ Việt Nam)' };
const dateTime = { type: 'string', format: 'date-time' };
const idOrCode = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Số hiệu hoặc mã theo dõi (KN-2026-000123, KNTC-2026-000045)',
  schema: { type: 'string' },
};

const petitionInput = {
  type: 'object',
  description: 'Kiến nghị mới. Cán bộ nhập thay công dân: thêm `petitioner` và `channel` (tiếp công dân, Mặt trận tổng hợp, đơn thư…).',
  required: ['kind', 'title', 'content'],
  properties: {
    kind: { type: 'string', enum: [...PETITION_KINDS], description: 'khieu_nai, to_cao: luồng pháp lý (luôn không công khai)' },
    title: { type: 'string', minLength: 5, maxLength: 200 },
    content: { type: 'string', minLength: 20, maxLength: 5000, description: 'Chuẩn hóa NFC; đếm theo ký tự hiển thị' },
    categoryId: { type: 'integer' },
    unitCode: { type: 'string', description: 'Mã xã/phường (vd. 03670); bỏ trống nếu gửi tọa độ' },
    lon: { type: 'number', minimum: -180, maximum: 180 },
    lat: { type: 'number', minimum: -90, maximum: 90, description: 'Cùng lon: xã/phường được xác định theo ranh giới; ngoài tỉnh → 422' },
    address: { type: 'string', maxLength: 300 },
    peopleCount: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
    visibility: { type: 'string', enum: ['public', 'private'], default: 'private' },
    attachmentIds: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'Tệp đã tải lên trước (ảnh, PDF)' },
    channel: { type: 'string', enum: [...CHANNELS] },
    petitioner: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, phone: { type: 'string' }, email: { type: 'string' }, address: { type: 'string' }, idNo: { type: 'string' } },
    },
    enteredAgencyId: { type: 'integer' },
    enteredPlace: { type: 'string' },
    agencyId: { type: 'integer', description: 'Cán bộ: chuyển thẳng đến cơ quan này' },
    conferenceId: { type: 'integer' },
  },
};

const petition = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', examples: ['KN-2026-000123'] },
    kind: { type: 'string', enum: [...PETITION_KINDS] },
    track: { type: 'string', enum: ['general', 'legal'] },
    title: { type: 'string' },
    content: { type: 'string', description: 'Văn bản thô, không phải HTML' },
    categoryId: nullable('integer'),
    unitCode: { type: 'string' },
    address: nullable('string'),
    lon: nullable('number'),
    lat: nullable('number'),
    peopleCount: { type: 'integer' },
    channel: { type: 'string', enum: [...CHANNELS] },
    visibility: { type: 'string', enum: ['public', 'private'] },
    confidential: { type: 'boolean' },
    petitionerName: nullable('string', { description: 'Chỉ khi người xem được phép' }),
    status: { type: 'string', enum: [...STATES] },
    agencyId: { type: 'integer' },
    assigneeId: nullable('integer'),
    replyDue: nullable('string', { format: 'date' }),
    stepDue: nullable('string', { format: 'date' }),
    dueState: { type: 'string', enum: ['ok', 'due_soon', 'overdue'] },
    keoDai: { type: 'boolean' },
    vuotCap: { type: 'boolean' },
    forwardCount: { type: 'integer' },
    extensionCount: { type: 'integer' },
    reopenCount: { type: 'integer' },
    mergedIntoId: nullable('integer'),
    answerText: nullable('string'),
    answeredAt: nullable('string', { format: 'date-time' }),
    publishedAt: nullable('string', { format: 'date-time' }),
    rating: nullable('integer'),
    ratingComment: nullable('string'),
    topicId: nullable('integer'),
    conferenceId: nullable('integer'),
    submittedAt: dateTime,
  },
  required: ['id', 'code', 'kind', 'track', 'title', 'content', 'status', 'agencyId'],
};

const event = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    type: { type: 'string', examples: ['submitted', 'receive', 'forward', 'publish'] },
    fromState: nullable('string'),
    toState: nullable('string'),
    actorLabel: nullable('string', { description: 'Tên cơ quan (công khai) hoặc người thực hiện (cán bộ)' }),
    public: { type: 'boolean' },
    note: nullable('string'),
    data: { type: 'object' },
    at: dateTime,
  },
};

const listItem = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    excerpt: { type: 'string' },
    status: { type: 'string', enum: [...STATES] },
    categoryName: nullable('string'),
    unitCode: { type: 'string' },
    unitName: { type: 'string' },
    agencyName: { type: 'string' },
    replyDue: nullable('string', { format: 'date' }),
    dueState: { type: 'string' },
    keoDai: { type: 'boolean' },
    vuotCap: { type: 'boolean' },
    rating: nullable('integer'),
    submittedAt: dateTime,
    publishedAt: nullable('string', { format: 'date-time' }),
    answerExcerpt: nullable('string'),
  },
};

const page = {
  type: 'object',
  properties: {
    items: { type: 'array', items: ref('PetitionListItem') },
    cursor: nullable('string', { description: 'Con trỏ trang sau (mờ)' }),
    next: nullable('string', { description: 'Đường dẫn trang sau' }),
    terms: { type: 'array', items: { type: 'string' }, description: 'Từ khóa đã chuẩn hóa (khi có q), để tô sáng' },
  },
};

const detail = {
  type: 'object',
  properties: {
    petition: ref('Petition'),
    relation: { type: 'string', enum: ['public', 'owner', 'official'] },
    petitioner: {
      type: 'object',
      description: "kind 'hidden' (công khai), 'confidential' (tố cáo: danh tính được bảo mật) hoặc 'shown'",
      properties: { kind: { type: 'string', enum: ['hidden', 'confidential', 'shown'] }, name: { type: 'string' }, phone: { type: 'string' } },
    },
    categoryName: nullable('string'),
    unitName: { type: 'string' },
    agencyName: { type: 'string' },
    answer: { type: ['object', 'null'] },
    attachments: { type: 'array', items: { type: 'object' } },
    timeline: { type: 'array', items: ref('PetitionEvent') },
    actions: { type: 'array', items: { type: 'string', enum: [...ACTIONS] }, description: 'Thao tác người gọi được thực hiện lúc này' },
  },
};

const transitionInput = {
  type: 'object',
  required: ['action'],
  description: 'Một bước xử lý theo bảng chuyển trạng thái. Trường bắt buộc tùy thao tác (vd. forward: targetAgencyId, reason).',
  properties: {
    action: { type: 'string', enum: [...ACTIONS] },
    reason: { type: 'string' },
    note: { type: 'string' },
    targetAgencyId: { type: 'integer' },
    directedTo: { type: 'string' },
    directedAgencyId: { type: 'integer' },
    assigneeId: { type: 'integer' },
    answerText: { type: 'string' },
    docNo: { type: 'string' },
    receiptNo: { type: 'string' },
    targetPetitionId: { type: ['integer', 'string'] },
    score: { type: 'integer', minimum: 1, maximum: 5 },
    comment: { type: 'string' },
    days: { type: 'integer', minimum: 1, maximum: 90 },
  },
};

const tracked = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    kind: { type: 'string' },
    track: { type: 'string' },
    status: { type: 'string', enum: [...STATES] },
    title: nullable('string', { description: 'Chỉ với kiến nghị công khai' }),
    agencyName: { type: 'string' },
    submittedAt: dateTime,
    replyDue: nullable('string', { format: 'date' }),
    answeredAt: nullable('string', { format: 'date-time' }),
    publicUrl: nullable('string'),
    timeline: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, toState: nullable('string'), at: dateTime } } },
  },
};

const listParams = [
  { name: 'scope', in: 'query', schema: { type: 'string', enum: ['public', 'mine', 'inbox', 'entered'], default: 'public' }, description: 'public: trả lời đã công bố; mine: của tôi; inbox: hộp thư cán bộ; entered: do tôi nhập' },
  { name: 'mine', in: 'query', schema: { type: 'string', enum: ['1'] }, description: 'Bằng scope=mine' },
  { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Tìm không dấu, chịu lỗi gõ, xếp hạng ("sat lo chieng coi")' },
  { name: 'status', in: 'query', schema: { type: 'string' }, description: `Danh sách, phân cách bởi dấu phẩy: ${STATES.join(', ')}` },
  { name: 'kind', in: 'query', schema: { type: 'string' } },
  { name: 'category', in: 'query', schema: { type: 'integer' } },
  { name: 'unit', in: 'query', schema: { type: 'string' } },
  { name: 'agency', in: 'query', schema: { type: 'integer' } },
  { name: 'due', in: 'query', schema: { type: 'string', enum: ['soon', 'overdue', 'any'] } },
  { name: 'flag', in: 'query', schema: { type: 'string', enum: ['keo_dai', 'vuot_cap'] } },
  { name: 'assignee', in: 'query', schema: { type: 'string' }, description: "'me', 'none' hoặc số hiệu cán bộ" },
  { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Gửi từ ngày (giờ Việt Nam, tính cả ngày này); không áp dụng khi có q' },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Gửi đến ngày (tính cả ngày này); không áp dụng khi có q' },
  { name: 'sort', in: 'query', schema: { type: 'string', enum: ['new', 'old', 'due'] } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];

export const petitionOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Kiến nghị, phản ánh, góp ý, khiếu nại, tố cáo: gửi, theo dõi, xử lý, trả lời, đánh giá. Open311 GeoReport v2 tại /open311/v2/.' }],
  schemas: {
    PetitionInput: petitionInput,
    Petition: petition,
    PetitionEvent: event,
    PetitionListItem: listItem,
    PetitionPage: page,
    PetitionDetail: detail,
    PetitionTransition: transitionInput,
    PetitionRating: { type: 'object', required: ['score'], properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 1000 } } },
    PetitionTracked: tracked,
  },
  paths: {
    '/api/v1/petitions': {
      post: {
        tags: [TAG],
        summary: 'Gửi kiến nghị',
        description: 'Cần đăng nhập (cookie phiên hoặc Bearer). `Idempotency-Key`: gửi lại cùng khóa và cùng nội dung trả về chính kiến nghị đã tạo; khác nội dung → 422. Giới hạn số lần gửi theo tài khoản và địa chỉ IP (429).',
        security: [{ bearer: [] }, { session: [] }],
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 200 } }],
        requestBody: { required: true, content: json(ref('PetitionInput')) },
        responses: { '201': { description: 'Đã tạo', content: json(ref('PetitionDetail')) }, '401': problem, '403': problem, '413': problem, '415': problem, '422': problem, '429': problem },
      },
      get: {
        tags: [TAG],
        summary: 'Danh sách kiến nghị (lọc, tìm kiếm, phân trang bằng con trỏ)',
        parameters: listParams,
        responses: { '200': { description: 'Một trang', content: json(ref('PetitionPage')) }, '401': problem, '403': problem, '422': problem },
      },
    },
    '/api/v1/petitions/attachments': {
      post: {
        tags: [TAG],
        summary: 'Tải tệp đính kèm (ảnh, PDF) trước khi gửi kiến nghị',
        description: 'multipart/form-data, một hoặc nhiều tệp. Kiểu tệp được kiểm tra theo nội dung (415), dung lượng và số tệp theo thiết lập (413). Trả về mã tệp dùng cho `attachmentIds`.',
        security: [{ bearer: [] }, { session: [] }],
        requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } } } } },
        responses: { '201': { description: 'Đã lưu', content: json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } }) }, '401': problem, '413': problem, '415': problem, '422': problem },
      },
    },
    '/api/v1/petitions/{id}': {
      get: { tags: [TAG], summary: 'Chi tiết kiến nghị (theo quyền người xem)', parameters: [idOrCode], responses: { '200': { description: 'Chi tiết', content: json(ref('PetitionDetail')) }, '404': problem } },
    },
    '/api/v1/petitions/{id}/timeline': {
      get: {
        tags: [TAG],
        summary: 'Diễn biến xử lý',
        parameters: [idOrCode],
        responses: { '200': { description: 'Sự kiện', content: json({ type: 'object', properties: { items: { type: 'array', items: ref('PetitionEvent') } } }) }, '404': problem },
      },
    },
    '/api/v1/petitions/{id}/transitions': {
      post: {
        tags: [TAG],
        summary: 'Thực hiện một bước xử lý',
        description: '403 khi vai trò không được phép; 422 kèm `allowedActions` khi trạng thái hiện tại không cho phép, hoặc thiếu trường bắt buộc.',
        security: [{ bearer: [] }, { session: [] }],
        parameters: [idOrCode],
        requestBody: { required: true, content: json(ref('PetitionTransition')) },
        responses: { '200': { description: 'Sau khi xử lý', content: json(ref('PetitionDetail')) }, '401': problem, '403': problem, '404': problem, '422': problem },
      },
    },
    '/api/v1/petitions/{id}/rating': {
      post: {
        tags: [TAG],
        summary: 'Đánh giá trả lời (người gửi, khi đã trả lời)',
        security: [{ bearer: [] }, { session: [] }],
        parameters: [idOrCode],
        requestBody: { required: true, content: json(ref('PetitionRating')) },
        responses: { '200': { description: 'Đã đánh giá', content: json(ref('PetitionDetail')) }, '401': problem, '403': problem, '404': problem, '422': problem },
      },
    },
    '/api/v1/petitions/track/{code}': {
      get: {
        tags: [TAG],
        summary: 'Tra cứu trạng thái theo mã theo dõi (không cần tài khoản)',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Trạng thái', content: json(ref('PetitionTracked')) }, '404': problem },
      },
    },
    '/api/v1/petitions/similar': {
      get: {
        tags: [TAG],
        summary: 'Gợi ý tối đa 5 kiến nghị công khai có tiêu đề tương tự',
        parameters: [{ name: 'title', in: 'query', schema: { type: 'string' } }, { name: 'unit', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: 'Gợi ý', content: json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } }) } },
      },
    },
    '/api/v1/petitions/stats': {
      get: {
        tags: [TAG],
        summary: 'Số liệu tổng hợp (tiếp nhận, trả lời đúng hạn, quá hạn, theo loại, theo địa bàn)',
        parameters: [{ name: 'unit', in: 'query', schema: { type: 'string' } }, { name: 'from', in: 'query', schema: date }, { name: 'to', in: 'query', schema: date }],
        responses: { '200': { description: 'Số liệu', content: json({ type: 'object' }) } },
      },
    },
    '/api/v1/petitions/due': {
      get: {
        tags: [TAG],
        summary: 'Cán bộ: số kiến nghị đang giải quyết, sắp đến hạn, quá hạn theo cơ quan',
        security: [{ bearer: [] }, { session: [] }],
        responses: { '200': { description: 'Theo cơ quan', content: json({ type: 'object' }) }, '401': problem, '403': problem },
      },
    },
    '/api/v1/petitions/bulk-assign': {
      post: {
        tags: [TAG],
        summary: 'Giao xử lý nhiều kiến nghị',
        security: [{ bearer: [] }, { session: [] }],
        requestBody: { required: true, content: json({ type: 'object', required: ['ids', 'assigneeId'], properties: { ids: { type: 'array', items: { type: 'integer' } }, assigneeId: { type: 'integer' } } }) },
        responses: { '200': { description: 'Kết quả từng kiến nghị', content: json({ type: 'object' }) }, '422': problem },
      },
    },
  },
};
