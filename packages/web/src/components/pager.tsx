import { useEffect, useState } from 'react';
import { Button } from './ui';

/**
 * Cursor pagination state: a stack of the cursors of the pages visited, so Previous goes back
 * without the API needing backward cursors. Only one page is ever loaded (fast at any size).
 * The stack is reset whenever `resetKey` (the filters) changes.
 */
export function useCursorPager(resetKey: string) {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const [key, setKey] = useState(resetKey);
  useEffect(() => {
    if (key !== resetKey) {
      setKey(resetKey);
      setStack([undefined]);
    }
  }, [key, resetKey]);
  const current = key === resetKey ? stack : [undefined];
  return {
    cursor: current[current.length - 1],
    pageNumber: current.length,
    next: (cursor: string) => setStack([...current, cursor]),
    previous: () => setStack(current.length > 1 ? current.slice(0, -1) : current),
  };
}

export function Pager({
  pageNumber,
  count,
  nextCursor,
  onNext,
  onPrevious,
  busy,
}: {
  pageNumber: number;
  count: number;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  busy?: boolean;
}) {
  return (
    <nav className="pager" aria-label="Pagination">
      <span className="muted">
        Page {pageNumber} · {count} shown
      </span>
      <div className="pager-buttons">
        <Button onClick={onPrevious} disabled={pageNumber <= 1 || busy}>
          ← Previous
        </Button>
        <Button onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor || busy}>
          Next →
        </Button>
      </div>
    </nav>
  );
}
