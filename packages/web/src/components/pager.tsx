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

/** "Page n · k shown" with Previous / Next for a page loaded at `pager`'s cursor. */
export function Pager({
  pager,
  page,
  busy,
}: {
  pager: ReturnType<typeof useCursorPager>;
  page: { items: unknown[]; next_cursor: string | null };
  busy?: boolean;
}) {
  const { pageNumber } = pager;
  const nextCursor = page.next_cursor;
  return (
    <nav className="pager" aria-label="Pagination">
      <span className="muted">
        Page {pageNumber} · {page.items.length} shown
      </span>
      <div className="pager-buttons">
        <Button onClick={pager.previous} disabled={pageNumber <= 1 || busy}>
          ← Previous
        </Button>
        <Button onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor || busy}>
          Next →
        </Button>
      </div>
    </nav>
  );
}
