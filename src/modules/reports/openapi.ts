import type { OpenApiFragment } from '../../platform/module';

const problem = { $ref: '#/components/responses/Problem' };
const key = { name: 'key', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9-]+$' } };

export const reportsOpenApi: OpenApiFragment = {
  tags: [
    { name: 'open data', description: 'Dữ liệu mở: các bộ dữ liệu công khai, đã ẩn thông tin cá nhân, của mọi phân hệ' },
    { name: 'statistics', description: 'Số liệu tổng hợp (bảng điều khiển) theo đơn vị và kỳ' },
  ],
  schemas: {
    Dataset: {
      type: 'object',
      required: ['key', 'title', 'description', 'rowCount', 'generatedAt', 'columns', 'csv', 'json'],
      properties: {
        key: { type: 'string' },
        title: { type: 'string' },
        description: { type: 'string' },
        rowCount: { type: 'integer' },
        generatedAt: { type: 'string', format: 'date-time', description: 'Số liệu tính đến' },
        columns: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              type: { type: 'string', enum: ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] },
              description: { type: 'string' },
            },
          },
        },
        csv: { type: 'string', description: 'Đường dẫn tải CSV (UTF-8, có BOM)' },
        json: { type: 'string', description: 'Đường dẫn tải JSON' },
      },
    },
    StatisticValue: {
      type: 'object',
      required: ['key', 'label', 'value'],
      properties: {
        key: { type: 'string' },
        label: { type: 'string' },
        group: { type: 'string' },
        value: { type: ['number', 'null'], description: 'null khi số liệu không lọc được theo bộ lọc đã chọn' },
        href: { type: ['string', 'null'], description: 'Danh sách các mục đằng sau con số' },
      },
    },
  },
  paths: {
    '/api/v1/datasets': {
      get: {
        tags: ['open data'],
        summary: 'Danh mục các bộ dữ liệu mở',
        responses: { 200: { description: 'Các bộ dữ liệu', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Dataset' } } } } } } } },
      },
    },
    '/api/v1/datasets/{key}': {
      get: {
        tags: ['open data'],
        summary: 'Từ điển dữ liệu của một bộ dữ liệu',
        parameters: [key],
        responses: { 200: { description: 'Bộ dữ liệu', content: { 'application/json': { schema: { $ref: '#/components/schemas/Dataset' } } } }, 404: problem },
      },
    },
    '/api/v1/datasets/{key}/rows': {
      get: {
        tags: ['open data'],
        summary: 'Mọi dòng của bộ dữ liệu (mảng JSON, truyền dần)',
        parameters: [key],
        responses: { 200: { description: 'Các dòng', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } }, 404: problem },
      },
    },
    '/api/v1/statistics': {
      get: {
        tags: ['statistics'],
        summary: 'Số liệu của mọi phân hệ cho một đơn vị và một kỳ',
        parameters: [
          { name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã tỉnh hoặc xã, phường (mặc định: tỉnh)' },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'agency', in: 'query', schema: { type: 'integer' } },
          { name: 'category', in: 'query', schema: { type: 'integer' } },
        ],
        responses: {
          200: {
            description: 'Số liệu',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { asOf: { type: 'string', format: 'date-time' }, unit: { type: 'string' }, items: { type: 'array', items: { $ref: '#/components/schemas/StatisticValue' } } },
                },
              },
            },
          },
          403: problem,
          422: problem,
        },
      },
    },
  },
};
