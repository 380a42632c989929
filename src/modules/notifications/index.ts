import type { ModuleManifest } from '../../platform/module';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { notificationRoutes } from './routes';
import { EMAIL_JOB, SMS_JOB } from './model';
import { sendEmailJob, sendSmsJob, unreadCount } from './service';

export const notificationsModule: ModuleManifest = {
  name: 'notifications',
  migrations,
  messages: { vi, en },
  routes: notificationRoutes,
  // In the header beside the account, with the unread count.
  nav: [{ href: '/thong-bao', label: 'nav.notifications', order: 90, visible: (p) => !!p, place: 'header', count: (ctx, p) => unreadCount(ctx.db, p.id) }],
  jobs: { [EMAIL_JOB]: sendEmailJob, [SMS_JOB]: sendSmsJob },
  openapi: {
    tags: [{ name: 'notifications', description: 'Thông báo của người dùng đang đăng nhập' }],
    paths: {
      '/api/v1/me/notifications': {
        get: {
          tags: ['notifications'],
          summary: 'Thông báo của tôi (mới nhất trước, phân trang bằng con trỏ)',
          security: [{ session: [] }, { bearer: [] }],
          parameters: [
            { name: 'cursor', in: 'query', schema: { type: 'integer' }, description: 'nextCursor của trang trước' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
            { name: 'unread', in: 'query', schema: { type: 'boolean' }, description: 'Chỉ thông báo chưa đọc' },
          ],
          responses: {
            '200': {
              description: 'Danh sách',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      unread: { type: 'integer' },
                      nextCursor: { type: ['integer', 'null'] },
                      items: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            id: { type: 'integer' },
                            event: { type: 'string' },
                            title: { type: 'string' },
                            body: { type: 'string' },
                            link: { type: 'string' },
                            readAt: { type: ['string', 'null'], format: 'date-time' },
                            createdAt: { type: 'string', format: 'date-time' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            '401': { $ref: '#/components/responses/Problem' },
          },
        },
      },
      '/api/v1/me/notifications/read': {
        post: {
          tags: ['notifications'],
          summary: 'Đánh dấu đã đọc (các id, hoặc tất cả)',
          security: [{ session: [] }, { bearer: [] }],
          requestBody: {
            content: {
              'application/json': {
                schema: { type: 'object', properties: { ids: { type: 'array', items: { type: 'integer' } }, all: { type: 'boolean' } } },
              },
            },
          },
          responses: {
            '200': { description: 'Số thông báo đã đánh dấu và số còn chưa đọc' },
            '401': { $ref: '#/components/responses/Problem' },
          },
        },
      },
    },
  },
};

export { notify, follow, unfollow, followers, unreadCount, listNotifications, markRead } from './service';
export type { NotifyInput } from './model';
