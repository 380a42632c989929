import type { OpenApiFragment } from '../../platform/module';

const TAG = 'Bình luận';
const problem = { $ref: '#/components/responses/Problem' };
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const q = (name: string, description: string, required = false, schema: unknown = { type: 'string' }) => ({ name, in: 'query', required, description, schema });

export const openapi: OpenApiFragment = {
  tags: [
    {
      name: TAG,
      description:
        'Bình luận trên tin bài, văn bản công khai, dự thảo lấy ý kiến và trang công khai của kiến nghị. Nội dung từ 5 đến 500 ký tự, ' +
        'đếm như người đọc nhìn thấy (chuẩn hóa NFC, bỏ khoảng trắng đầu cuối, đếm cụm ký tự bằng Intl.Segmenter) — cùng quy tắc với trình duyệt.',
    },
  ],
  paths: {
    '/api/v1/comments': {
      get: {
        tags: [TAG],
        summary: 'Danh sách bình luận của một nội dung (bình luận gốc kèm trả lời một cấp, phân trang theo con trỏ)',
        parameters: [
          q('targetType', 'Loại nội dung, ví dụ news', true),
          q('targetId', 'Mã nội dung', true, { type: 'integer' }),
          q('order', 'newest (mặc định) hoặc oldest', false, { type: 'string', enum: ['newest', 'oldest'] }),
          q('cursor', 'Con trỏ trang sau (nextCursor của trang trước)'),
          q('section', 'Chỉ các góp ý cho một phần của văn bản'),
          q('limit', 'Số bình luận gốc mỗi trang (tối đa 200)', false, { type: 'integer' }),
        ],
        responses: {
          '200': {
            description: 'Một trang bình luận',
            ...json({
              type: 'object',
              properties: { items: { type: 'array', items: ref('Comment') }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' }, topTotal: { type: 'integer' } },
            }),
          },
          '400': problem,
          '404': problem,
        },
      },
      post: {
        tags: [TAG],
        summary: 'Gửi bình luận hoặc trả lời',
        description:
          'Dưới 5 ký tự: 422 với thông báo "Bạn vui lòng nhập từ 5 ký tự trở lên !!!" cho trường body; quá 500 ký tự: 422. Khách (không đăng nhập) ' +
          'phải có guestName và guestContact (e-mail hoặc số điện thoại) và bình luận được giữ lại chờ duyệt (held=true). Cán bộ trả lời với tư cách cơ quan ' +
          'qua asAgencyId (phải là cơ quan mình có vai trò). Tài khoản bị chặn: 403. Gửi quá nhiều: 429.',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['targetType', 'targetId', 'body'],
            properties: {
              targetType: { type: 'string' },
              targetId: { type: 'integer' },
              body: { type: 'string' },
              parentId: { type: ['integer', 'null'] },
              section: { type: ['string', 'null'] },
              guestName: { type: 'string' },
              guestContact: { type: 'string' },
              asAgencyId: { type: ['integer', 'null'] },
            },
          }),
        },
        responses: {
          '201': { description: 'Đã nhận', ...json({ type: 'object', properties: { comment: ref('Comment'), held: { type: 'boolean' } } }) },
          '401': problem,
          '403': problem,
          '404': problem,
          '422': problem,
          '429': problem,
        },
      },
    },
    '/api/v1/comments/{id}/reports': {
      post: {
        tags: [TAG],
        summary: 'Báo cáo vi phạm (người đã đăng nhập, mỗi người một lần)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: { required: true, ...json({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', enum: ['spam', 'offensive', 'off_topic'] } } }) },
        responses: {
          '200': { description: 'Đã báo cáo; hidden=true khi bình luận bị tự động ẩn', ...json({ type: 'object', properties: { hidden: { type: 'boolean' } } }) },
          '401': problem,
          '404': problem,
          '409': problem,
          '422': problem,
        },
      },
    },
  },
  schemas: {
    Comment: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        targetType: { type: 'string' },
        targetId: { type: 'integer' },
        section: { type: ['string', 'null'] },
        parentId: { type: ['integer', 'null'] },
        author: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            guest: { type: 'boolean' },
            agency: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
          },
        },
        body: { type: 'string', description: 'Văn bản thuần (không phải HTML)' },
        status: { type: 'string', enum: ['pending', 'visible', 'hidden'] },
        createdAt: { type: 'string', format: 'date-time' },
        replyCount: { type: 'integer' },
        decision: { type: ['string', 'null'], enum: ['accepted', 'partly_accepted', 'explained', null] },
        explanation: { type: ['string', 'null'] },
        replies: { type: 'array', items: { $ref: '#/components/schemas/Comment' } },
      },
    },
  },
};
