import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, type JSX, lazy, Suspense, useEffect, useState } from 'react';
import { api, type Connection } from './api';
import { Button, ErrorBox, Loading } from './components/ui';
import { ConnectionsPage } from './pages/connections-list';
import { SignInPage } from './pages/sign-in';
import { Link, match, navigate, useLocation } from './router';
import { useSessionQuery } from './session';

const NAV: { to: string; label: string; group?: string }[] = [
  { to: '/connections', label: 'Connections' },
  { to: '/cloud', label: 'Cloud' },
  { to: '/components', label: 'Components' },
  { to: '/executions', label: 'Executions' },
  { to: '/audit', label: 'Audit' },
  { to: '/settings/vault', label: 'Vault', group: 'Settings' },
  { to: '/settings/tokens', label: 'Tokens', group: 'Settings' },
];

type Render = (params: Record<string, string>) => JSX.Element;

/**
 * A page loaded when first shown: the landing list and sign-in come with the shell, the rest (and
 * what only they use, the Markdown and YAML parsers) in chunks of their own.
 */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  // typed as the page itself: its props are checked where the route renders it
  return lazy(async () => ({ default: (await load())[name] as ComponentType })) as M[K];
}

const AddConnectionPage = page(() => import('./pages/add-connection'), 'AddConnectionPage');
const AuditPage = page(() => import('./pages/audit'), 'AuditPage');
const ComponentsPage = page(() => import('./pages/components'), 'ComponentsPage');
const ConnectionPage = page(() => import('./pages/connection/connection-page'), 'ConnectionPage');
const ExecutionPage = page(() => import('./pages/executions'), 'ExecutionPage');
const ExecutionsPage = page(() => import('./pages/executions'), 'ExecutionsPage');
const TokensPage = page(() => import('./pages/tokens'), 'TokensPage');
const VaultPage = page(() => import('./pages/vault'), 'VaultPage');

/** First match wins: `/connections/new` comes before `/connections/:tag`. */
const ROUTES: [string, Render][] = [
  ['/connections', () => <ConnectionsPage kind={undefined} />],
  ['/connections/new', () => <AddConnectionPage kind="task" />],
  ['/connections/:tag/:tab?', (p) => <ConnectionPage tag={p.tag!} tab={p.tab} />],
  ['/cloud', () => <ConnectionsPage kind="cloud" />],
  ['/cloud/new', () => <AddConnectionPage kind="cloud" />],
  ['/components', () => <ComponentsPage />],
  ['/executions', () => <ExecutionsPage />],
  ['/executions/:id', (p) => <ExecutionPage id={p.id!} />],
  ['/audit', () => <AuditPage />],
  ['/settings', () => <VaultPage />],
  ['/settings/vault', () => <VaultPage />],
  ['/settings/tokens', () => <TokensPage />],
];

function Route({ path }: { path: string }) {
  useEffect(() => {
    if (path === '/') navigate('/connections', { replace: true });
  }, [path]);
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  if (path === '/') return null;
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p className="muted">
        Nothing lives at <code>{path}</code>. <Link to="/connections">Go to Connections</Link>.
      </p>
    </div>
  );
}

const isCurrent = (to: string, path: string, cloudPage: boolean) => {
  if (cloudPage) return to === '/cloud';
  return path === to || path.startsWith(`${to}/`);
};

/** A cloud connection's page lives at /connections/<tag> (the tag is the only id) but belongs under Cloud. */
function useCloudConnectionPage(path: string): boolean {
  const tag = match('/connections/:tag/:tab?', path)?.tag;
  const { data } = useQuery<Connection>({ queryKey: ['connection', tag], enabled: false });
  return !!tag && tag !== 'new' && data?.kind === 'cloud';
}

function Shell() {
  const { path } = useLocation();
  const { data: session } = useSessionQuery();
  const queryClient = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const cloudPage = useCloudConnectionPage(path);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.session.signOut();
    } finally {
      // Session first (the shell unmounts), then forget every cached answer of the signed-out token.
      queryClient.setQueryData(['session'], null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      setSigningOut(false);
      navigate('/connections', { replace: true });
    }
  };

  let group: string | undefined;
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand-row">
          <Link to="/connections" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Patchbay
          </Link>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            Menu
          </button>
        </div>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : ''}>
          <ul>
            {NAV.map((item) => {
              const heading = item.group && item.group !== group ? item.group : undefined;
              group = item.group;
              return (
                <li key={item.to}>
                  {heading ? <div className="nav-group">{heading}</div> : null}
                  <Link
                    to={item.to}
                    onClick={() => setMenuOpen(false)}
                    aria-current={isCurrent(item.to, path, cloudPage) ? 'page' : undefined}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="workspace" title={`signed in with token '${session?.token_name ?? ''}'`}>
            <span className="workspace-label">Workspace</span>
            <strong data-testid="workspace-name">{session?.workspace}</strong>
            <span className={`role role-${session?.role}`} data-testid="role">
              {session?.role}
            </span>
            {session?.reveal ? <span className="role">reveal</span> : null}
          </div>
          <div className="topbar-right">
            <span className="muted token-name hide-narrow">{session?.token_name}</span>
            <Button variant="ghost" onClick={signOut} busy={signingOut}>
              Sign out
            </Button>
          </div>
        </header>
        <main id="content" tabIndex={-1}>
          <Suspense fallback={<Loading />}>
            <Route path={path} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

export function App() {
  const session = useSessionQuery();
  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.isError) {
    return (
      <div className="center-page">
        <ErrorBox error={session.error} title="Patchbay is not answering" />
        <Button onClick={() => session.refetch()}>Try again</Button>
      </div>
    );
  }
  if (!session.data) return <SignInPage />;
  return <Shell />;
}
