import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createCast, type Cast } from '../petitions/testing';
import { notify, markRead, unreadCount } from '../notifications/service';
import { assignRole, logout, principalFromSession, revokeRole, setUserStatus, updateProfile } from './service';
import { createSession } from './service/session';

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
