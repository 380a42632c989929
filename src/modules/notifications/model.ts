import type { Generated } from 'kysely';

declare module '../../platform/db/types' {
  interface Database {
    /** One in-app notification for one user. Title and body are catalogue keys rendered with `params`. */
    notifications: {
      id: Generated<number>;
      user_id: number;
      event: string;
      title_key: string;
      body_key: string;
      params: unknown;
      /** A path inside the product (e.g. /kien-nghi/KN-2026-000123). */
      link: string;
      entity_type: string | null;
      entity_id: string | null;
      read_at: Date | null;
      created_at: Date;
    };
    /** Who follows what: followers are notified of every citizen-visible change of the entity. */
    follows: {
      user_id: number;
      entity_type: string;
      entity_id: string;
      created_at: Date;
    };
    /** A user's channel choices; no row means every channel on. */
    notification_prefs: {
      user_id: number;
      email: boolean;
      sms: boolean;
      updated_at: Date;
    };
  }
}

export type NotificationParams = Record<string, string | number>;

export interface NotifyInput {
  /** User ids; duplicates are ignored. */
  recipients: number[];
  /** A machine name of what happened, e.g. 'petition.answered'. */
  event: string;
  /** Catalogue keys (any module's messages) of the title and the body. */
  titleKey: string;
  bodyKey: string;
  params: NotificationParams;
  /** A path inside the product; the e-mail makes it absolute with the public URL. */
  link: string;
  entity?: { type: string; id: string | number };
}

export interface Notification {
  id: number;
  userId: number;
  event: string;
  titleKey: string;
  bodyKey: string;
  params: NotificationParams;
  link: string;
  entityType: string | null;
  entityId: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface NotificationPrefs {
  email: boolean;
  sms: boolean;
}

/** Job names of the delivery channels. */
export const EMAIL_JOB = 'notifications.email';
export const SMS_JOB = 'notifications.sms';
