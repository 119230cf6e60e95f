import type { Validation } from '../../api';
import { Button, formatDuration } from '../../components/ui';

/** The answer of validate: the verdict, what validation learned, and each check with its detail and time. */
export function ValidationPanel({ validation, onClose }: { validation: Validation; onClose: () => void }) {
  return (
    <section
      className={`validation ${validation.valid ? 'validation-ok' : 'validation-failed'}`}
      aria-label="Validation result"
      aria-live="polite"
      data-testid="validation-result"
    >
      <header className="validation-head">
        <strong>{validation.valid ? 'Validation passed' : 'Validation failed'}</strong>
        <span className="muted">
          status → {validation.status}
          {validation.account_identifier ? ` · account ${validation.account_identifier}` : ''}
        </span>
        <Button
          variant="ghost"
          className="btn-small"
          onClick={onClose}
          aria-label="Dismiss the validation result"
        >
          Dismiss
        </Button>
      </header>
      {validation.message ? <p className="validation-message">{validation.message}</p> : null}
      <ChecksList checks={validation.checks} />
    </section>
  );
}

/** Each check of a validation with its detail and time. */
export function ChecksList({ checks }: { checks: Validation['checks'] }) {
  if (checks.length === 0) return <p className="muted">This type has no checks: it is always valid.</p>;
  return (
    <ul className="checks">
      {checks.map((check) => (
        <li key={check.name} className={check.ok ? 'check-ok' : 'check-failed'}>
          <span className="check-icon" aria-hidden="true">
            {check.ok ? '✓' : '✕'}
          </span>
          <span className="check-name">
            <code>{check.name}</code>
            <span className="sr-only">{check.ok ? ' passed' : ' failed'}</span>
          </span>
          <span className="check-detail">{check.detail}</span>
          <span className="check-time muted">{formatDuration(check.duration_ms)}</span>
        </li>
      ))}
    </ul>
  );
}
