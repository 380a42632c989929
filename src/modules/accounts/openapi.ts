import type { OpenApiFragment } from '../../platform/module';

const TAG = 'Tài khoản';
const problem = { $ref: '#/components/responses/Problem' };
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const authed = [{ bearer: [] }, { session: [] }];

export const openapi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Đăng nhập, đăng xuất, thông tin người dùng và mã truy cập cá nhân (Bearer).' }],
  paths: {
    '/api/v1/auth/login': {
      post: {
        tags: [TAG],
        summary: 'Đăng nhập bằng e-mail hoặc số điện thoại',
        description:
          'Trả về người dùng và đặt cookie phiên dt_session (HttpOnly, SameSite=Lax). Sai thông tin: 401 với cùng một thông báo dù tài khoản có tồn tại hay không. ' +
          'Sau nhiều lần sai liên tiếp: 423 kèm retryAfter (giây) và tiêu đề Retry-After. Quá nhiều yêu cầu từ một địa chỉ IP: 429.',
        requestBody: { required: true, ...json(ref('LoginRequest')) },
        responses: {
          '200': { description: 'Đã đăng nhập', ...json({ type: 'object', properties: { user: ref('User') }, required: ['user'] }) },
          '401': problem,
          '403': problem,
          '422': problem,
          '423': problem,
          '429': problem,
        },
      },
    },
    '/api/v1/auth/logout': {
      post: { tags: [TAG], summary: 'Đăng xuất (xóa phiên hiện tại)', responses: { '204': { description: 'Đã đăng xuất' } } },
    },
    '/api/v1/me': {
      get: {
        tags: [TAG],
        summary: 'Người dùng hiện tại và các vai trò',
        security: authed,
        responses: { '200': { description: 'Người dùng', ...json(ref('User')) }, '401': problem },
      },
    },
    '/api/v1/me/tokens': {
      get: {
        tags: [TAG],
        summary: 'Danh sách mã truy cập cá nhân (không có mã đầy đủ)',
        security: authed,
        responses: {
          '200': { description: 'Danh sách', ...json({ type: 'object', properties: { items: { type: 'array', items: ref('ApiToken') } } }) },
          '401': problem,
        },
      },
      post: {
        tags: [TAG],
        summary: 'Tạo mã truy cập cá nhân',
        description: 'Mã đầy đủ chỉ được trả về một lần trong phản hồi này; máy chủ chỉ lưu giá trị băm. Dùng: Authorization: Bearer <mã>.',
        security: authed,
        requestBody: { required: true, ...json({ type: 'object', properties: { name: { type: 'string', maxLength: 80 } }, required: ['name'] }) },
        responses: { '201': { description: 'Đã tạo', ...json(ref('NewApiToken')) }, '401': problem, '422': problem },
      },
    },
    '/api/v1/me/tokens/{id}': {
      delete: {
        tags: [TAG],
        summary: 'Thu hồi mã truy cập cá nhân',
        security: authed,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'Số hiệu mã' }],
        responses: { '204': { description: 'Đã thu hồi' }, '401': problem, '404': problem },
      },
    },
  },
  schemas: {
    LoginRequest: {
      type: 'object',
      properties: {
        login: { type: 'string', description: 'E-mail hoặc số điện thoại di động (0912345678, +84912345678)' },
        password: { type: 'string', format: 'password' },
      },
      required: ['login', 'password'],
    },
    User: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        email: { type: ['string', 'null'] },
        phone: { type: ['string', 'null'] },
        kind: { type: 'string', enum: ['citizen', 'official'] },
        unitCode: { type: ['string', 'null'], description: 'Mã xã, phường nơi cư trú (công dân)' },
        address: { type: ['string', 'null'] },
        createdAt: { type: 'string', format: 'date-time' },
        lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
        roles: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              role: { type: 'string', enum: ['officer', 'head', 'front_officer', 'supervisor', 'admin'] },
              agencyId: { type: 'integer' },
              agencyCode: { type: 'string' },
              agencyName: { type: 'string' },
            },
          },
        },
      },
      required: ['id', 'name', 'kind'],
    },
    ApiToken: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        prefix: { type: 'string', description: 'Phần đầu của mã, để phân biệt' },
        createdAt: { type: 'string', format: 'date-time' },
        lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
        revokedAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    NewApiToken: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        token: { type: 'string', description: 'Mã đầy đủ — chỉ hiển thị một lần' },
        prefix: { type: 'string' },
        createdAt: { type: 'string', format: 'date-time' },
      },
      required: ['id', 'name', 'token'],
    },
  },
};
