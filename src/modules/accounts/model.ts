import type { Generated } from 'kysely';
import type { Role } from '../../platform/access/principal';

export const USER_KINDS = ['citizen', 'official'] as const;
export type UserKind = (typeof USER_KINDS)[number];
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

declare module '../../platform/db/types' {
  interface Database {
    users: {
      id: Generated<number>;
      /** citext: unique regardless of case. */
      email: string | null;
      /** Normalised Vietnamese mobile number, 0XXXXXXXXX. */
      phone: string | null;
      password_hash: string;
      full_name: string;
      kind: UserKind;
      /** The citizen's commune (units.code). */
      unit_code: string | null;
      address: string | null;
      status: Generated<UserStatus>;
      failed_logins: Generated<number>;
      locked_until: Date | null;
      created_at: Date;
      last_login_at: Date | null;
      /** f_fold(name, e-mail, phone), generated, for diacritic-insensitive search. */
      search: Generated<string>;
    };
    role_assignments: {
      id: Generated<number>;
      user_id: number;
      role: Role;
      agency_id: number;
      created_at: Date;
    };
    sessions: {
      /** sha256 (hex) of the random token in the cookie: a database reader cannot use a session. */
      id: string;
      user_id: number;
      created_at: Date;
      expires_at: Date;
      last_seen_at: Date;
      ip: string | null;
      user_agent: string | null;
    };
    api_tokens: {
      id: Generated<number>;
      user_id: number;
      name: string;
      /** sha256 (hex) of the token. */
      token_hash: string;
      /** The first characters, shown so that the owner can tell tokens apart. */
      prefix: string;
      created_at: Date;
      last_used_at: Date | null;
      revoked_at: Date | null;
    };
    password_resets: {
      token_hash: string;
      user_id: number;
      created_at: Date;
      expires_at: Date;
      used_at: Date | null;
    };
    /** Failed sign-ins for identifiers that match no account, so that lock-out looks the same for both. */
    login_throttle: {
      login_key: string;
      failures: number;
      locked_until: Date | null;
      updated_at: Date;
    };
  }
}

/** A user as other modules and the pages see it (never the password hash). */
export interface User {
  id: number;
  email: string | null;
  phone: string | null;
  name: string;
  kind: UserKind;
  unitCode: string | null;
  address: string | null;
  status: UserStatus;
  lockedUntil: Date | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface RoleAssignment {
  id: number;
  userId: number;
  role: Role;
  agencyId: number;
  createdAt: Date;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
