import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createCast, type Cast } from '../petitions/testing';
import { notify, markRead, unreadCount } from '../notifications/service';
import { assignRole, createApiToken, logout, principalFromSession, principalFromToken, revokeApiToken, revokeRole, setUserStatus, updateProfile } from './service';
import { createSession } from './service/session';
import { sha256 } from './service/secrets';

// A signed-in request reads its session and its unread count through caches (accounts.sessions,
// notifications.unread): every change that matters must show at the very next request.
describeEachEngine('accounts: the cached session and unread count follow every change at once', (getApp) => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await createCast(getApp().ctx);
  });

  const openSession = async (userId: number) => {
    const { ctx } = getApp();
    return (await ctx.db.transaction().execute((tx) => createSession(tx, userId, ctx.clock.now(), {}))).token;
  };

  it('roles, profile, sign-out and a disabled account apply to the next request', async () => {
    const { ctx } = getApp();
    const token = await openSession(cast.officerTH.id);
    const roles = async () => (await principalFromSession(ctx, token))?.principal.roles.map((r) => `${r.role}@${r.agencyId}`).sort();
    expect(await roles()).toEqual([`officer@${cast.agencies.ubndTH}`]);

    await assignRole(ctx, cast.admin, { userId: cast.officerTH.id, role: 'head', agencyId: cast.agencies.ubndTH });
    expect(await roles()).toEqual([`head@${cast.agencies.ubndTH}`, `officer@${cast.agencies.ubndTH}`]);
    const added = await ctx.db.selectFrom('role_assignments').select('id').where('user_id', '=', cast.officerTH.id).where('role', '=', 'head').executeTakeFirstOrThrow();
    await revokeRole(ctx, cast.admin, added.id);
    expect(await roles()).toEqual([`officer@${cast.agencies.ubndTH}`]);

    await updateProfile(ctx, cast.officerTH, { name: 'Lò Văn Tiến' });
    expect((await principalFromSession(ctx, token))?.principal.name).toBe('Lò Văn Tiến');

    const other = await openSession(cast.officerTH.id);
    await logout(ctx, token);
    expect(await principalFromSession(ctx, token)).toBeNull();
    expect(await principalFromSession(ctx, other)).not.toBeNull();
    await setUserStatus(ctx, cast.admin, cast.officerTH.id, 'disabled');
    expect(await principalFromSession(ctx, other)).toBeNull();
  });

  it('an API token: roles, revocation and a disabled account apply to the next request; its use noted once a minute', async () => {
    const app = getApp();
    const { ctx } = app;
    const made = await createApiToken(ctx, cast.headTH, { name: 'Bảng tin xã' });
    const roles = async () => (await principalFromToken(ctx, made.token))?.roles.map((r) => r.role).sort();
    const lastUsed = async () => (await ctx.db.selectFrom('api_tokens').select('last_used_at').where('token_hash', '=', sha256(made.token)).executeTakeFirstOrThrow()).last_used_at?.getTime();
    expect(await roles()).toEqual(['head']);
    const first = await lastUsed();
    const near = (t: number | undefined) => Math.abs((t ?? 0) - ctx.clock.now().getTime()) < 1000;
    expect(near(first)).toBe(true);
    app.clock.advance(30_000);
    await roles();
    expect(await lastUsed()).toBe(first);
    app.clock.advance(31_000);
    await roles();
    expect(near(await lastUsed())).toBe(true);
    const second = await lastUsed();
    expect(second).not.toBe(first);
    app.clock.advance(1_000);
    await roles();
    expect(await lastUsed()).toBe(second);

    await assignRole(ctx, cast.admin, { userId: cast.headTH.id, role: 'officer', agencyId: cast.agencies.ubndTH });
    expect(await roles()).toEqual(['head', 'officer']);
    const id = (await ctx.db.selectFrom('api_tokens').select('id').where('token_hash', '=', sha256(made.token)).executeTakeFirstOrThrow()).id;
    await revokeApiToken(ctx, cast.headTH, id);
    expect(await principalFromToken(ctx, made.token)).toBeNull();

    const other = await createApiToken(ctx, cast.headTH, { name: 'Báo cáo tuần' });
    expect(await principalFromToken(ctx, other.token)).not.toBeNull();
    await setUserStatus(ctx, cast.admin, cast.headTH.id, 'disabled');
    expect(await principalFromToken(ctx, other.token)).toBeNull();
  });

  it('slides the expiry once, then reads the session with its new expiry', async () => {
    const app = getApp();
    const token = await openSession(cast.citizenB.id);
    expect((await principalFromSession(app.ctx, token))?.refreshed).toBeNull();
    app.clock.advance(6 * 60_000);
    expect((await principalFromSession(app.ctx, token))?.refreshed).not.toBeNull();
    expect((await principalFromSession(app.ctx, token))?.refreshed).toBeNull();
  });

  it('the unread count follows a new notification and reading it', async () => {
    const { ctx } = getApp();
    const user = cast.citizenA.id;
    await ctx.db.transaction().execute((tx) => markRead(tx, user, 'all'));
    expect(await unreadCount(ctx.db, user)).toBe(0);
    await ctx.db.transaction().execute((tx) => notify(tx, {
        recipients: [user],
        event: 'reception.behind',
        titleKey: 'reception.notify.behind.title',
        bodyKey: 'reception.notify.behind.body',
        params: { month: '12/2026', held: 1, planned: 4, required: 4, agency: 'UBND phường Chiềng Cơi' },
        link: '/thong-bao',
      }));
    expect(await unreadCount(ctx.db, user)).toBe(1);
    await ctx.db.transaction().execute((tx) => markRead(tx, user, 'all'));
    expect(await unreadCount(ctx.db, user)).toBe(0);
  });
});
