import type { OpenApiFragment } from '../../platform/module';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const TAG = 'Tổng hợp';
const scopeParams = [
  { name: 'unitCode', in: 'query', required: true, schema: { type: 'string', examples: ['03670'] } },
  { name: 'period', in: 'query', required: true, schema: { type: 'string', examples: ['2026-Q4', '2026', '2026-H2', '2026-11'] } },
];
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const problem = { description: 'problem+json (RFC 9457)', content: { 'application/problem+json': { schema: { type: 'object' } } } };
const errors = { 401: problem, 403: problem, 404: problem, 422: problem };
const op = (summary: string, extra: Record<string, unknown>) => ({ tags: [TAG], summary, responses: { ...errors, ...(extra.responses as object) }, ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'responses')) });

/** OpenAPI 3.1 fragment of the consolidation API. */
export const consolidationOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Tổng hợp ý kiến, kiến nghị: chuyên đề, đề xuất nhóm, ý kiến thu thập, hồ sơ tổng hợp.' }],
  schemas: {
    TopicCounts: { type: 'object', properties: Object.fromEntries(['items', 'people', 'villages', 'overdue', 'reopened', 'keoDai', 'vuotCap'].map((k) => [k, { type: 'integer' }])) },
    TopicSummary: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        unitCode: { type: 'string' },
        period: { type: 'string' },
        title: { type: 'string' },
        summary: { type: 'string' },
        categoryId: { type: ['integer', 'null'] },
        categoryName: { type: ['string', 'null'] },
        agencyId: { type: ['integer', 'null'] },
        agencyName: { type: ['string', 'null'] },
        pressing: { type: 'boolean' },
        pressingRule: { type: ['string', 'null'], enum: ['people', 'villages', 'overdue', 'reopened', 'raised_unresolved', null] },
        pressingRules: { type: 'array', items: { type: 'string' } },
        keoDai: { type: 'boolean' },
        counts: ref('TopicCounts'),
        sources: { type: 'array', items: { type: 'object', properties: { channel: { type: 'string' }, organisation: { type: ['string', 'null'] }, items: { type: 'integer' } } } },
        firstAt: { type: ['string', 'null'], format: 'date-time' },
        latestAt: { type: ['string', 'null'], format: 'date-time' },
        raised: { type: 'array', items: { type: 'object', properties: { conferenceId: { type: 'integer' }, heldOn: { type: 'string', format: 'date' } } } },
      },
    },
    Topic: {
      allOf: [
        ref('TopicSummary'),
        {
          type: 'object',
          properties: {
            items: {
              type: 'array',
              items: { type: 'object', properties: { petitionId: { type: 'integer' }, code: { type: 'string' }, kind: { type: 'string' }, title: { type: 'string' }, content: { type: 'string' }, channel: { type: 'string' }, organisation: { type: ['string', 'null'] }, address: { type: ['string', 'null'] }, peopleCount: { type: 'integer' }, status: { type: 'string' }, submittedAt: { type: 'string', format: 'date-time' } } },
            },
          },
        },
      ],
    },
    Dossier: {
      type: 'object',
      properties: {
        id: { type: 'integer', description: 'Stable for a unit and period' },
        key: { type: 'string', examples: ['03670:2026-Q4'] },
        unitCode: { type: 'string' },
        unitName: { type: 'string' },
        period: { type: 'string' },
        from: { type: 'string', format: 'date-time' },
        to: { type: 'string', format: 'date-time' },
        topics: { type: 'array', items: ref('TopicSummary') },
        ungroupedPetitionIds: { type: 'array', items: { type: 'integer' } },
      },
    },
    RowProblem: { type: 'object', properties: { row: { type: 'integer' }, column: { type: 'string' }, columnName: { type: 'string' }, message: { type: 'string' } } },
    OpinionRow: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 20 }, peopleCount: { type: 'integer', minimum: 1 }, village: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' }, kind: { type: 'string', enum: ['kien_nghi', 'phan_anh', 'gop_y', 'khieu_nai', 'to_cao'] } } },
    Meeting: { type: 'object', required: ['unitCode', 'organisation', 'meeting', 'heldOn'], properties: { unitCode: { type: 'string' }, organisation: { type: 'string' }, meeting: { type: 'string' }, heldOn: { type: 'string', format: 'date' }, place: { type: 'string' } } },
  },
  paths: {
    '/api/v1/consolidation/dossiers': { get: op('Hồ sơ tổng hợp của một đơn vị và kỳ', { parameters: scopeParams, responses: { 200: { description: 'Hồ sơ', ...json(ref('Dossier')) } } }) },
    '/api/v1/consolidation/topics': {
      get: op('Các chuyên đề có kỳ tổng hợp trùng khoảng ngày, theo đơn vị (mã tỉnh: cả tỉnh), chỉ chuyên đề bức xúc', {
        parameters: [
          { name: 'unit', in: 'query', schema: { type: 'string' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'pressing', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: { 200: { description: 'Chuyên đề', ...json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } }) } },
      }),
      post: op('Tạo chuyên đề', { requestBody: json({ type: 'object', properties: { unitCode: { type: 'string' }, period: { type: 'string' }, title: { type: 'string' }, summary: { type: 'string' }, categoryId: { type: 'integer' }, agencyId: { type: 'integer' }, petitionIds: { type: 'array', items: { type: 'integer' } } } }), responses: { 201: { description: 'Chuyên đề', ...json(ref('Topic')) } } }),
    },
    '/api/v1/consolidation/topics/{id}': {
      get: op('Một chuyên đề và các ý kiến', { parameters: idParam, responses: { 200: { description: 'Chuyên đề', ...json(ref('Topic')) } } }),
      post: op('Sửa chuyên đề', { parameters: idParam, requestBody: json({ type: 'object', properties: { title: { type: 'string' }, summary: { type: 'string' }, categoryId: { type: 'integer' }, agencyId: { type: 'integer' } } }), responses: { 200: { description: 'Chuyên đề', ...json(ref('Topic')) } } }),
    },
    '/api/v1/consolidation/topics/{id}/merge': { post: op('Gộp chuyên đề sourceId vào chuyên đề này', { parameters: idParam, requestBody: json({ type: 'object', properties: { sourceId: { type: 'integer' } } }), responses: { 200: { description: 'Chuyên đề', ...json(ref('Topic')) } } }) },
    '/api/v1/consolidation/topics/{id}/split': { post: op('Tách các ý kiến thành chuyên đề mới', { parameters: idParam, requestBody: json({ type: 'object', properties: { petitionIds: { type: 'array', items: { type: 'integer' } }, title: { type: 'string' } } }), responses: { 201: { description: 'Chuyên đề mới', ...json(ref('Topic')) } } }) },
    '/api/v1/consolidation/topics/{id}/remove': { post: op('Bỏ ý kiến khỏi chuyên đề', { parameters: idParam, requestBody: json({ type: 'object', properties: { petitionIds: { type: 'array', items: { type: 'integer' } } } }), responses: { 200: { description: 'Chuyên đề', ...json(ref('Topic')) } } }) },
    '/api/v1/consolidation/moves': { post: op('Chuyển ý kiến vào một chuyên đề', { requestBody: json({ type: 'object', properties: { topicId: { type: 'integer' }, petitionIds: { type: 'array', items: { type: 'integer' } } } }), responses: { 200: { description: 'Chuyên đề', ...json(ref('Topic')) } } }) },
    '/api/v1/consolidation/petitions/{id}/matches': { get: op('Các chuyên đề hiện có mà một kiến nghị khớp', { parameters: idParam, responses: { 200: { description: 'matches: [{ topicId, score }]', ...json({ type: 'object', properties: { matches: { type: 'array', items: { type: 'object', properties: { topicId: { type: 'integer' }, score: { type: 'number' } } } } } }) } } }) },
    '/api/v1/consolidation/runs': { post: op('Yêu cầu đề xuất nhóm (chạy nền)', { requestBody: json({ type: 'object', properties: { unitCode: { type: 'string' }, period: { type: 'string' } } }), responses: { 202: { description: 'Lần chạy', ...json({ type: 'object', properties: { runId: { type: 'integer' } } }) } } }) },
    '/api/v1/consolidation/proposals': { get: op('Các đề xuất đang chờ và lần chạy gần nhất (tiến độ)', { parameters: scopeParams, responses: { 200: { description: 'Đề xuất', ...json({ type: 'object' }) } } }) },
    '/api/v1/consolidation/proposals/{id}/accept': { post: op('Chấp nhận đề xuất', { parameters: idParam, requestBody: json({ type: 'object', properties: { title: { type: 'string' }, summary: { type: 'string' }, categoryId: { type: 'integer' }, agencyId: { type: 'integer' } } }), responses: { 200: { description: 'Chuyên đề', ...json(ref('Topic')) } } }) },
    '/api/v1/consolidation/proposals/{id}/split': { post: op('Tách một phần đề xuất', { parameters: idParam, requestBody: json({ type: 'object', properties: { petitionIds: { type: 'array', items: { type: 'integer' } } } }), responses: { 201: { description: 'Đề xuất mới', ...json({ type: 'object', properties: { proposalId: { type: 'integer' } } }) } } }) },
    '/api/v1/consolidation/proposals/{id}/reject': { post: op('Từ chối đề xuất', { parameters: idParam, responses: { 204: { description: 'Đã từ chối' } } }) },
    '/api/v1/consolidation/gatherings': {
      post: op('Ghi nhận ý kiến thu thập tại một cuộc họp (tất cả hoặc không)', {
        requestBody: json({ allOf: [ref('Meeting'), { type: 'object', properties: { rows: { type: 'array', items: ref('OpinionRow') } } }] }),
        responses: { 201: { description: 'Đã ghi nhận', ...json({ type: 'object', properties: { id: { type: 'integer' }, petitionIds: { type: 'array', items: { type: 'integer' } }, legal: { type: 'integer' } } }) }, 422: { description: 'Mọi dòng lỗi (rows: RowProblem[])', content: { 'application/problem+json': { schema: { type: 'object', properties: { rows: { type: 'array', items: ref('RowProblem') } } } } } } },
      }),
    },
    '/api/v1/consolidation/imports': {
      post: op('Nhập tệp XLSX/CSV ý kiến thu thập (tất cả hoặc không; tệp trùng bị từ chối 409)', {
        requestBody: { content: { 'multipart/form-data': { schema: { allOf: [ref('Meeting'), { type: 'object', properties: { file: { type: 'string', format: 'binary' } } }] } } } },
        responses: { 201: { description: 'Đã nhập' }, 409: problem, 413: problem, 415: problem },
      }),
    },
  },
};
