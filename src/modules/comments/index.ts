import type { ModuleManifest } from '../../platform/module';
import { COMMENT_PERMISSIONS } from './permissions';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { commentRoutes } from './routes';
import { canUseQueue } from './service';
import { openapi } from './openapi';

import { useCommentTargets } from './targets';

export { commentTarget, type CommentTargetDef } from './targets';
export { loadCommentSection } from './loader';
export {
  postComment,
  listComments,
  countComments,
  countCommentsMany,
  markComment,
  allComments,
  getComment,
  commentLimits,
  seedComment,
} from './service';
export type { CommentView, CommentPage, Decision } from './model';
export type { CommentSectionData, CommentSectionProps } from './views/comment-section';

const group = 'settings.group.comments';

export const commentsModule: ModuleManifest = {
  name: 'comments',
  permissions: COMMENT_PERMISSIONS,
  migrations,
  messages: { vi, en },
  settings: [
    { key: 'comments.minLength', type: 'int', default: 5, min: 1, max: 100, label: 'settings.comments.minLength', group },
    { key: 'comments.maxLength', type: 'int', default: 500, min: 50, max: 5000, label: 'settings.comments.maxLength', group },
    { key: 'comments.guestAllowed', type: 'bool', default: true, label: 'settings.comments.guestAllowed', group },
    { key: 'comments.guestModeration', type: 'bool', default: true, label: 'settings.comments.guestModeration', group },
    { key: 'comments.autoHideReports', type: 'int', default: 3, min: 1, max: 100, label: 'settings.comments.autoHideReports', group },
    { key: 'comments.rateWindowMinutes', type: 'int', default: 10, min: 1, max: 1440, label: 'settings.comments.rateWindowMinutes', group },
    { key: 'comments.rateMaxPerAccount', type: 'int', default: 10, min: 1, max: 1000, label: 'settings.comments.rateMaxPerAccount', group },
    { key: 'comments.rateMaxPerIp', type: 'int', default: 20, min: 1, max: 10000, label: 'settings.comments.rateMaxPerIp', group },
    { key: 'comments.pageSize', type: 'int', default: 20, min: 5, max: 200, label: 'settings.comments.pageSize', group },
    { key: 'comments.repliesShown', type: 'int', default: 50, min: 1, max: 500, label: 'settings.comments.repliesShown', group },
  ],
  routes: commentRoutes,
  openapi,
  nav: [{ href: '/quan-tri/binh-luan', label: 'nav.moderation', order: 50, admin: true, visible: canUseQueue }],
  start: useCommentTargets,
};
