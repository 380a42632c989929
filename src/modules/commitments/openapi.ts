import type { OpenApiFragment } from '../../platform/module';
import { FINDING_METHODS, SOURCE_KINDS, STATES } from './model';

const TAG = 'Cam kết';
const RTAG = 'Tiếp công dân';
const problem = { $ref: '#/components/responses/Problem' };
const json = (schema: unknown) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const date = { type: 'string', format: 'date', description: 'YYYY-MM-DD (giờ Việt Nam)' };
const codeParam = { name: 'code', in: 'path', required: true, description: 'Số theo dõi (CK-2026-000123)', schema: { type: 'string' } };
const unitParam = { name: 'unitCode', in: 'path', required: true, schema: { type: 'string', examples: ['03670'] } };
const errors = { 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };

const source = {
  type: 'object',
  required: ['kind', 'refId', 'href', 'label'],
  properties: { kind: { type: 'string', enum: [...SOURCE_KINDS] }, refId: { type: 'string' }, href: { type: 'string', description: 'Đường dẫn trong trang (bắt đầu bằng /)' }, label: { type: 'string' } },
};

const commitmentInput = {
  type: 'object',
  description: 'Cam kết mới: hạn là một ngày (`deadline`) hoặc số ngày làm việc (`deadlineWorkingDays`) kể từ ngày cam kết.',
  required: ['source', 'unitCode', 'promisedBy', 'agencyId', 'text'],
  properties: {
    source,
    unitCode: { type: 'string' },
    promisedBy: { type: 'object', required: ['name', 'title'], properties: { name: { type: 'string' }, title: { type: 'string' } } },
    promisedOn: date,
    agencyId: { type: 'integer' },
    officerId: { type: 'integer' },
    coAgencyIds: { type: 'array', items: { type: 'integer' } },
    deadline: date,
    deadlineWorkingDays: { type: 'integer', minimum: 1, maximum: 730 },
    text: { type: 'string', minLength: 10, maxLength: 4000 },
    topicId: { type: 'string' },
    categoryId: { type: 'integer' },
    citizenIds: { type: 'array', items: { type: 'integer' } },
    petitionIds: { type: 'array', items: { type: 'integer' } },
    isPublic: { type: 'boolean', default: true },
  },
};

const commitment = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string' },
    unitCode: { type: 'string' },
    source,
    promisedBy: { type: 'object', properties: { name: { type: 'string' }, title: { type: 'string' } } },
    promisedOn: date,
    agencyId: { type: 'integer' },
    deadline: date,
    originalDeadline: date,
    text: { type: 'string' },
    state: { type: 'string', enum: [...STATES] },
    overdue: { type: 'boolean', description: 'Đang thực hiện mà đã qua hạn' },
    progressPct: { type: 'integer', minimum: 0, maximum: 100 },
    extensionCount: { type: 'integer' },
    keoDai: { type: 'boolean' },
    petitionCode: { type: ['string', 'null'] },
    actions: { type: 'array', items: { type: 'string' }, description: 'Thao tác người gọi được làm' },
    timeline: { type: 'array', items: { type: 'object' } },
    findings: { type: 'array', items: { type: 'object' } },
  },
};

const action = (summary: string, schema: unknown) => ({
  post: { tags: [TAG], summary, parameters: [codeParam], requestBody: { required: true, content: json(schema) }, responses: { 200: { description: 'Cam kết sau thao tác', content: json(ref('Commitment')) }, ...errors } },
});
const reason = { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 5 } } };

export const commitmentOpenApi: OpenApiFragment = {
  tags: [
    { name: TAG, description: 'Sổ theo dõi thực hiện kết luận, cam kết; giám sát của Mặt trận Tổ quốc' },
    { name: RTAG, description: 'Lịch tiếp công dân định kỳ của người đứng đầu' },
  ],
  schemas: { CommitmentInput: commitmentInput, Commitment: commitment },
  paths: {
    '/api/v1/commitments': {
      get: {
        tags: [TAG],
        summary: 'Các cam kết công khai của một đơn vị',
        parameters: [
          { name: 'unitCode', in: 'query', required: true, schema: { type: 'string' }, description: 'Mã xã, phường; mã tỉnh (2 chữ số): tỉnh và mọi xã, phường của tỉnh' },
          { name: 'state', in: 'query', schema: { type: 'string', enum: [...STATES, 'overdue', 'unfinished'] }, description: 'unfinished: chưa thực hiện, đang thực hiện hoặc chưa đạt' },
          { name: 'agencyId', in: 'query', schema: { type: 'integer' } },
          { name: 'categoryId', in: 'query', schema: { type: 'integer' } },
          { name: 'sourceKind', in: 'query', schema: { type: 'string', enum: [...SOURCE_KINDS] } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Ghi nhận từ ngày (giờ Việt Nam, tính cả ngày này)' },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Ghi nhận đến ngày (tính cả ngày này), không trước from' },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { 200: { description: 'Một trang (25 cam kết), không có dữ liệu cá nhân', content: json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } } }) }, 422: problem },
      },
      post: { tags: [TAG], summary: 'Ghi nhận một cam kết', requestBody: { required: true, content: json(ref('CommitmentInput')) }, responses: { 201: { description: 'Đã ghi nhận', content: json(ref('Commitment')) }, ...errors } },
    },
    '/api/v1/commitments/by-source': {
      get: {
        tags: [TAG],
        summary: 'Các cam kết công khai phát sinh tại các mục của một nguồn (câu hỏi hội nghị, vụ việc tiếp dân, kiến nghị)',
        parameters: [
          { name: 'kind', in: 'query', required: true, schema: { type: 'string', enum: [...SOURCE_KINDS] } },
          { name: 'refIds', in: 'query', required: true, description: 'Các mã, cách nhau bởi dấu phẩy (tối đa 500)', schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'Trạng thái, hạn, quá hạn', content: json({ type: 'object' }) }, 422: problem },
      },
    },
    '/api/v1/commitments/{code}': { get: { tags: [TAG], summary: 'Một cam kết, diễn biến và kết quả giám sát', parameters: [codeParam], responses: { 200: { description: 'Cam kết', content: json(ref('Commitment')) }, 404: problem } } },
    '/api/v1/commitments/{code}/progress': action('Cơ quan thực hiện cập nhật tiến độ (done: báo cáo hoàn thành)', { type: 'object', required: ['note'], properties: { note: { type: 'string' }, pct: { type: 'integer', minimum: 0, maximum: 100 }, milestone: { type: 'string' }, done: { type: 'boolean' } } }),
    '/api/v1/commitments/{code}/findings': action('Mặt trận (Ban TTND) ghi kết quả giám sát và kết luận', { type: 'object', required: ['onDate', 'method', 'finding'], properties: { onDate: date, method: { type: 'string', enum: [...FINDING_METHODS] }, finding: { type: 'string' }, verdict: { type: 'string', enum: ['kept', 'not_kept'], description: 'Chỉ khi đã báo cáo hoàn thành (nếu không: 409)' } } }),
    '/api/v1/commitments/{code}/extend': action('Người đứng đầu gia hạn (có lý do)', { type: 'object', required: ['deadline', 'reason'], properties: { deadline: date, reason: { type: 'string' } } }),
    '/api/v1/commitments/{code}/transfer': action('Người đứng đầu chuyển cơ quan thực hiện', { type: 'object', required: ['agencyId', 'reason'], properties: { agencyId: { type: 'integer' }, reason: { type: 'string' } } }),
    '/api/v1/commitments/{code}/cancel': action('Người đứng đầu hủy (có lý do)', reason),
    '/api/v1/commitments/{code}/petition': action('Chuyển cam kết chưa đạt hoặc quá hạn thành kiến nghị', { type: 'object' }),
    '/api/v1/reception/{unitCode}/days': {
      get: { tags: [RTAG], summary: 'Lịch tiếp công dân đã công bố (địa điểm, giờ, số lượt còn trống)', parameters: [unitParam, { name: 'from', in: 'query', schema: date }, { name: 'to', in: 'query', schema: date }], responses: { 200: { description: 'Các ngày tiếp', content: json({ type: 'object' }) }, 404: problem, 422: problem } },
    },
    '/api/v1/reception/{unitCode}/compliance': {
      get: { tags: [RTAG], summary: 'Số ngày tiếp đã thực hiện so với quy định, theo người đứng đầu và tháng', parameters: [unitParam, { name: 'month', in: 'query', schema: { type: 'string', examples: ['2026-11'] } }], responses: { 200: { description: 'Theo người đứng đầu', content: json({ type: 'object' }) }, 401: problem, 403: problem, 404: problem, 422: problem } },
    },
  },
};
