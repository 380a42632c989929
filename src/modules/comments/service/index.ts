/** The comments module's use cases, one file each by use case (posting, reading, moderation…). */
export { canUseQueue, moderatedAgencies } from '../policy';
export { commentTarget } from '../targets';
export { COMMENT_SETTING_KEYS, commentLimits, guestPolicy, bodyError, impersonates, heldWords, normalizePhone } from './checks';
export { getComment } from './rows';
export { type PostResult, isBlocked, postComment, replyAgencies } from './post';
export { type ListOptions, encodeCursor, decodeCursor, countComments, countCommentsMany, listComments, allComments } from './read';
export { markComment } from './mark';
export { reportComment } from './report';
export { moderateComment } from './moderate';
export { type QueueTab, type QueueItem, listQueue } from './queue';
export { blockAuthor, blockUser, unblockUser, listBlocks } from './blocks';
export { listWords, addWord, removeWord } from './words';
export { listUnitOverrides, setUnitOverride } from './unit-settings';
export { seedComment } from './demo';
