import type { OpenApiFragment } from '../../platform/module';
import { AGENCY_KINDS } from './model';

const TAG = 'Danh mục';
const problem = { $ref: '#/components/responses/Problem' };
const json = (schema: unknown) => ({ 'application/json': { schema } });

const unitSchema = {
  type: 'object',
  description: 'Đơn vị hành chính (tỉnh, xã/phường/đặc khu) hoặc thôn, bản, tổ dân phố',
  properties: {
    code: { type: 'string', description: "Mã chính thức ('14', '03670'); thôn, bản: '03670-001'" },
    name: { type: 'string' },
    nameEn: { type: 'string' },
    fullName: { type: 'string', examples: ['Phường Chiềng Cơi'] },
    fullNameEn: { type: 'string' },
    kind: { type: 'string', examples: ['Phường'] },
    kindEn: { type: 'string' },
    level: { type: 'string', enum: ['province', 'commune', 'village'] },
    parentCode: { type: ['string', 'null'] },
    provinceCode: { type: 'string' },
  },
  required: ['code', 'name', 'fullName', 'level', 'parentCode', 'provinceCode'],
};

const agencySchema = {
  type: 'object',
  description: 'Cơ quan, tổ chức tại một đơn vị hành chính',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', examples: ['UBND-03670'] },
    name: { type: 'string' },
    nameEn: { type: 'string' },
    shortName: { type: ['string', 'null'] },
    kind: { type: 'string', enum: [...AGENCY_KINDS] },
    unitCode: { type: 'string' },
    unitName: { type: 'string' },
    provinceCode: { type: 'string' },
    unitLevel: { type: 'string', enum: ['province', 'commune'] },
    parentId: { type: ['integer', 'null'] },
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    address: { type: ['string', 'null'] },
    active: { type: 'boolean' },
  },
  required: ['id', 'code', 'name', 'kind', 'unitCode'],
};

const categorySchema = {
  type: 'object',
  description: 'Lĩnh vực của kiến nghị, phản ánh',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', examples: ['dat-dai'] },
    name: { type: 'string' },
    nameEn: { type: 'string' },
    description: { type: ['string', 'null'] },
    active: { type: 'boolean' },
    sort: { type: 'integer' },
  },
  required: ['id', 'code', 'name'],
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const list = (name: string) => ({ type: 'object', properties: { items: { type: 'array', items: ref(name) } }, required: ['items'] });

export const directoryOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Đơn vị hành chính, cơ quan và lĩnh vực (chỉ đọc, không cần xác thực)' }],
  schemas: { Unit: unitSchema, Agency: agencySchema, Category: categorySchema },
  paths: {
    '/api/v1/units': {
      get: {
        tags: [TAG],
        summary: 'Danh sách đơn vị hành chính',
        description:
          'Không có parent và q: 34 tỉnh, thành phố. parent: các đơn vị trực thuộc (xã, phường của một tỉnh; thôn, bản của một xã). ' +
          'q: tìm theo tên, không phân biệt dấu và chữ hoa ("chieng coi" tìm được "Phường Chiềng Cơi"), ở mọi cấp hoặc trong parent.',
        parameters: [
          { name: 'parent', in: 'query', schema: { type: 'string' }, description: 'Mã đơn vị cấp trên' },
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'Từ khóa tìm kiếm' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5000 }, description: 'Số kết quả tối đa' },
        ],
        responses: {
          '200': { description: 'Các đơn vị', content: json(list('Unit')) },
          '404': problem,
          '422': problem,
        },
      },
    },
    '/api/v1/units/{code}': {
      get: {
        tags: [TAG],
        summary: 'Một đơn vị hành chính, đơn vị cấp trên và các đơn vị trực thuộc',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' }, description: 'Mã đơn vị' }],
        responses: {
          '200': {
            description: 'Đơn vị',
            content: json({
              type: 'object',
              properties: { unit: ref('Unit'), parent: { oneOf: [ref('Unit'), { type: 'null' }] }, children: { type: 'array', items: ref('Unit') } },
              required: ['unit', 'parent', 'children'],
            }),
          },
          '404': problem,
        },
      },
    },
    '/api/v1/agencies': {
      get: {
        tags: [TAG],
        summary: 'Danh sách cơ quan, tổ chức đang hoạt động',
        parameters: [
          { name: 'unit', in: 'query', schema: { type: 'string' }, description: 'Mã đơn vị hành chính nơi cơ quan đặt trụ sở' },
          { name: 'kind', in: 'query', schema: { type: 'string', enum: [...AGENCY_KINDS] }, description: 'Loại cơ quan' },
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'Từ khóa tìm kiếm (không phân biệt dấu)' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'Số kết quả tối đa (mặc định 1000)' },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'Bỏ qua bao nhiêu kết quả đầu' },
        ],
        responses: {
          '200': { description: 'Các cơ quan', content: json(list('Agency')) },
          '404': problem,
          '422': problem,
        },
      },
    },
    '/api/v1/agencies/{id}': {
      get: {
        tags: [TAG],
        summary: 'Một cơ quan, cơ quan cấp trên và các tổ chức trực thuộc',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'Mã số cơ quan' }],
        responses: {
          '200': {
            description: 'Cơ quan',
            content: json({
              type: 'object',
              properties: {
                agency: ref('Agency'),
                parent: { oneOf: [ref('Agency'), { type: 'null' }] },
                children: { type: 'array', items: ref('Agency') },
              },
              required: ['agency', 'parent', 'children'],
            }),
          },
          '404': problem,
        },
      },
    },
    '/api/v1/categories': {
      get: {
        tags: [TAG],
        summary: 'Các lĩnh vực đang dùng, theo thứ tự hiển thị',
        responses: { '200': { description: 'Các lĩnh vực', content: json(list('Category')) } },
      },
    },
  },
};
