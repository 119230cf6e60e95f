import { type ButtonHTMLAttributes, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { type ApiFailure, type Status, toFailure } from '../api';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  busy?: boolean;
};

export function Button({ variant = 'secondary', busy, disabled, children, className, ...rest }: ButtonProps) {
  return (
    <button
      type="button"
      className={`btn btn-${variant}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

const STATUS_HINT: Record<Status, string> = {
  pending: 'required inputs are missing',
  unverified: 'complete, not validated since the last change',
  active: 'the last validation passed',
  error: 'the last validation failed',
  revoked: 'switched off: resolve and connect are refused',
};

export function StatusBadge({ status }: { status: Status | 'succeeded' | 'failed' | string }) {
  const hint = (STATUS_HINT as Record<string, string>)[status];
  return (
    <span className={`badge badge-${status}`} title={hint}>
      <span className="badge-dot" aria-hidden="true" />
      {status}
    </span>
  );
}

/** An API error: its message (which says what to do), its code and the request id for the logs. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const failure: ApiFailure = toFailure(error);
  const details = failure.details as { issues?: unknown[]; fields?: string[] } | undefined;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-title">{title ?? 'The request failed'}</div>
      <p className="alert-message">{failure.message}</p>
      {details?.fields?.length ? <p className="muted">Missing: {details.fields.join(', ')}</p> : null}
      {details?.issues?.length ? (
        <ul className="issues">
          {details.issues.slice(0, 8).map((issue, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity of their own
            <li key={i}>{typeof issue === 'string' ? issue : JSON.stringify(issue)}</li>
          ))}
        </ul>
      ) : null}
      <p className="alert-meta">
        <code>{failure.status ? `${failure.status} ${failure.code}` : failure.code}</code>
        {failure.requestId ? (
          <>
            {' · request id '}
            <code>{failure.requestId}</code>
          </>
        ) : null}
      </p>
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function Empty({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty">
      <div className="empty-title">{title}</div>
      {children ? <div className="empty-body">{children}</div> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API refused (insecure origin): fall back to a selection copy.
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <Button variant="ghost" className="btn-small" onClick={copy} aria-live="polite">
      {copied ? 'Copied' : label}
    </Button>
  );
}

export function JsonBlock({ value, label }: { value: unknown; label?: string }) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  return (
    <div className="codeblock">
      <div className="codeblock-bar">
        <span>{label ?? 'JSON'}</span>
        <CopyButton text={text} />
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it */}
      <pre tabIndex={0}>{text}</pre>
    </div>
  );
}

/** A modal dialog: focus moves in, Tab stays inside, Escape closes, focus returns to the opener. */
export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // The latest onClose, so a parent re-render (new arrow function) does not re-run the focus effect.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const node = ref.current;
    const focusables = () =>
      Array.from(
        node?.querySelectorAll<HTMLElement>(
          'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])',
        ) ?? [],
      ).filter((el) => !el.hasAttribute('disabled'));
    (focusables()[0] ?? node)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close.current();
      if (event.key !== 'Tab') return;
      const list = focusables();
      if (list.length === 0) return;
      const first = list[0]!;
      const last = list[list.length - 1]!;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={ref}
        tabIndex={-1}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export function Card({
  title,
  actions,
  children,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card">
      {title || actions ? (
        <header className="card-head">
          {title ? <h2>{title}</h2> : <span />}
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className="card-body">{children}</div>
    </section>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-title">
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Debounces a value: search boxes query after the user pauses, not on every key. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
