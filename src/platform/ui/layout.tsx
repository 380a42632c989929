import type { ComponentChildren } from 'preact';
import type { PageContext } from './page-context';
import type { NavItem } from '../module';
import { Breadcrumbs } from './components';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Client islands this page needs (entry names of src/client). */
  scripts?: string[];
  /** Extra stylesheets (e.g. a map's). */
  styles?: string[];
  description?: string;
}

function navItems(ctx: PageContext, admin: boolean, place?: 'header' | 'footer') {
  return ctx.nav
    .filter((n) => !!n.admin === admin && n.place === place && (!n.visible || n.visible(ctx.principal)))
    .sort((a, b) => a.order - b.order);
}

/** A nav link, with its count (unread notifications…) when there is one. */
function NavLink({ ctx, item }: { ctx: PageContext; item: NavItem }) {
  const current = item.href === '/' ? ctx.path === '/' : ctx.path === item.href || ctx.path.startsWith(item.href + '/');
  const n = ctx.counts?.[item.href] ?? 0;
  return (
    <a href={item.href} aria-current={current ? 'page' : undefined}>
      {ctx.t(item.label)}
      {n > 0 ? (
        <>
          {' '}
          <span class="count" aria-hidden="true">{n > 99 ? "99+" : n}</span>
          <span class="sr-only">{ctx.t('layout.unread', { n })}</span>
        </>
      ) : null}
    </a>
  );
}

function NavLinks({ ctx, admin, place }: { ctx: PageContext; admin: boolean; place?: 'header' | 'footer' }) {
  return (
    <>
      {navItems(ctx, admin, place).map((n) => (
        <li>
          <NavLink ctx={ctx} item={n} />
        </li>
      ))}
    </>
  );
}

export function Layout({ ctx, title, children, scripts = [], styles = [], description }: LayoutProps) {
  const { t, principal } = ctx;
  const other = ctx.locale === 'vi' ? 'en' : 'vi';
  const hasAdmin = ctx.nav.some((n) => n.admin && (!n.visible || n.visible(principal)));
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="stylesheet" href={ctx.asset('app.css')} />
        {styles.map((s) => (
          <link rel="stylesheet" href={ctx.asset(s)} />
        ))}
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">ĐT</span>
              <span>
                <strong>{t('site.name')}</strong>
                <small>{t('site.unit')}</small>
              </span>
            </a>
            <div class="account">
              <a class="lang" href={`/lang/${other}?next=${encodeURIComponent(ctx.url)}`} lang={other} hrefLang={other}>
                {t('layout.switchLanguage')}
              </a>
              {principal ? (
                <>
                  {navItems(ctx, false, 'header').map((n) => (
                    <NavLink ctx={ctx} item={n} />
                  ))}
                  <a href="/tai-khoan">{principal.name}</a>
                  <form method="post" action="/dang-xuat" class="inline">
                    <input type="hidden" name="_csrf" value={ctx.csrf} />
                    <button type="submit" class="link">
                      {t('auth.logout')}
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <a href="/dang-nhap">{t('auth.login')}</a>
                  <a href="/dang-ky">{t('auth.register')}</a>
                </>
              )}
            </div>
          </div>
          {/* Phones: the menu folds behind a button that works without JavaScript (#menu is the nav's target). */}
          <div class="wrap menu-toggle">
            <a class="menu-open" href="#menu" aria-controls="menu">
              {t('layout.menu')}
            </a>
            <a class="menu-close" href="#" aria-controls="menu">
              {t('layout.menuClose')}
            </a>
          </div>
          <nav class={`site-nav${navItems(ctx, false).length + (hasAdmin ? 1 : 0) > 7 ? ' compact' : ''}`} id="menu" aria-label={t('layout.mainNav')}>
            <ul class="wrap">
              <NavLinks ctx={ctx} admin={false} />
              {hasAdmin ? (
                <li>
                  <a href="/quan-tri" aria-current={ctx.path.startsWith('/quan-tri') ? 'page' : undefined}>
                    {t('nav.admin')}
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {ctx.flash ? (
            <p class={`flash flash-${ctx.flash.kind}`} role={ctx.flash.kind === 'error' ? 'alert' : 'status'}>
              {ctx.flash.text}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('site.motto')}</p>
            <p>
              {navItems(ctx, false, 'footer').map((n) => (
                <>
                  <a href={n.href}>{t(n.label)}</a> ·{' '}
                </>
              ))}
              <a href="/api/docs">{t('layout.apiDocs')}</a> · <a href="/gioi-thieu">{t('layout.about')}</a>
            </p>
          </div>
        </footer>
        {scripts.map((s) => (
          <script type="module" src={ctx.asset(s)} />
        ))}
      </body>
    </html>
  );
}

/** The admin area's side menu, listing only what modules registered. */
export function AdminNav({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="admin-nav" aria-label={ctx.t('nav.admin')}>
      <ul>
        <NavLinks ctx={ctx} admin={true} />
      </ul>
    </nav>
  );
}

/** An administrator page: the admin menu beside the page's breadcrumbs, heading and content. */
export function AdminShell({ ctx, title, children, crumbs }: { ctx: PageContext; title: string; children: ComponentChildren; crumbs?: Array<{ href?: string; label: string }> }) {
  return (
    <Layout ctx={ctx} title={title}>
      <div class="grid with-side">
        <AdminNav ctx={ctx} />
        <div>
          {crumbs ? <Breadcrumbs ctx={ctx} items={crumbs} /> : null}
          <h1>{title}</h1>
          {children}
        </div>
      </div>
    </Layout>
  );
}
