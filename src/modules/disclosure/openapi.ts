import type { OpenApiFragment } from '../../platform/module';

const problem = { $ref: '#/components/responses/Problem' };
const dateOrNull = { type: ['string', 'null'], format: 'date' };

export const openapi: OpenApiFragment = {
  tags: [{ name: 'documents', description: 'Văn bản công khai (Luật Thực hiện dân chủ ở cơ sở 2022) và lấy ý kiến Nhân dân' }],
  schemas: {
    DisclosedDocument: {
      type: 'object',
      required: ['id', 'title', 'summary', 'category', 'unit', 'agency', 'status', 'url'],
      properties: {
        id: { type: 'integer' },
        title: { type: 'string' },
        summary: { type: 'string' },
        number: { type: ['string', 'null'], description: 'Số, ký hiệu, ví dụ 05/KH-UBND' },
        issuedOn: dateOrNull,
        category: {
          type: 'object',
          properties: { id: { type: 'integer' }, name: { type: 'string' }, nameEn: { type: 'string' }, permanent: { type: 'boolean' } },
        },
        unit: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
        agency: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
        postedFrom: dateOrNull,
        postedUntil: { ...dateOrNull, description: 'null: niêm yết thường xuyên' },
        forms: {
          type: 'array',
          items: {
            type: 'string',
            enum: ['notice_board', 'web_portal', 'radio', 'village_head', 'letter', 'conference', 'reception', 'press', 'mass_org', 'social_network'],
          },
        },
        tags: { type: 'array', items: { type: 'string' } },
        status: { type: 'string', enum: ['published', 'withdrawn'] },
        publishedAt: { type: ['string', 'null'], format: 'date-time' },
        url: { type: 'string' },
      },
    },
    DisclosedDocumentDetail: {
      allOf: [
        { $ref: '#/components/schemas/DisclosedDocument' },
        {
          type: 'object',
          properties: {
            body: { type: ['string', 'null'] },
            files: {
              type: 'array',
              items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, size: { type: 'integer' }, url: { type: 'string' } } },
            },
            consultation: {
              type: ['object', 'null'],
              properties: {
                opensOn: { type: 'string', format: 'date' },
                closesOn: { type: 'string', format: 'date' },
                phase: { type: 'string', enum: ['scheduled', 'open', 'closed', 'reported'] },
                shortReason: { type: ['string', 'null'] },
                sections: {
                  type: 'array',
                  items: { type: 'object', properties: { key: { type: 'string' }, position: { type: 'integer' }, title: { type: 'string' }, question: { type: ['string', 'null'] } } },
                },
                report: {
                  type: ['object', 'null'],
                  properties: { publishedAt: { type: 'string', format: 'date-time' }, docx: { type: 'string' }, pdf: { type: ['string', 'null'] } },
                },
              },
            },
            map: { type: ['string', 'null'], description: 'URL of the GeoJSON layer' },
          },
        },
      ],
    },
  },
  paths: {
    '/api/v1/documents': {
      get: {
        tags: ['documents'],
        summary: 'Danh sách văn bản công khai',
        description: 'Văn bản đã công bố; tìm kiếm không phân biệt dấu ("ke hoach" tìm được "Kế hoạch").',
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'category', in: 'query', schema: { type: 'integer' } },
          { name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã đơn vị hành chính, ví dụ 03670; mã tỉnh (2 chữ số): tỉnh và các xã, phường của tỉnh' },
          { name: 'agency', in: 'query', schema: { type: 'integer' } },
          { name: 'year', in: 'query', schema: { type: 'integer' } },
          { name: 'posted', in: 'query', schema: { type: 'string', enum: ['1'] }, description: 'Chỉ văn bản đang niêm yết' },
          { name: 'consultation', in: 'query', schema: { type: 'string', enum: ['1'] }, description: 'Chỉ văn bản đang lấy ý kiến' },
          { name: 'withdrawn', in: 'query', schema: { type: 'string', enum: ['1'] }, description: 'Gồm cả văn bản đã thu hồi' },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Từ ngày (giờ Việt Nam, tính cả ngày này), theo ngày mà dated chỉ' },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Đến ngày (tính cả ngày này), không trước from' },
          { name: 'dated', in: 'query', schema: { type: 'string', enum: ['published', 'consultation', 'report'], default: 'published' }, description: 'Khoảng thời gian tính theo ngày công bố văn bản, ngày lập đợt lấy ý kiến hay ngày công bố báo cáo tiếp thu' },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        ],
        responses: {
          '200': {
            description: 'Một trang kết quả',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: { type: 'array', items: { $ref: '#/components/schemas/DisclosedDocument' } },
                    total: { type: 'integer' },
                    page: { type: 'integer' },
                    pages: { type: 'integer' },
                  },
                },
              },
            },
          },
          '422': problem,
        },
      },
    },
    '/api/v1/documents/{id}': {
      get: {
        tags: ['documents'],
        summary: 'Một văn bản công khai, tệp đính kèm và việc lấy ý kiến',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': { description: 'Văn bản', content: { 'application/json': { schema: { $ref: '#/components/schemas/DisclosedDocumentDetail' } } } },
          '404': problem,
        },
      },
    },
  },
};
