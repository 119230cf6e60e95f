package dev.patchbay.sdk;

import dev.patchbay.sdk.model.Page;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a list, page after page, fetched lazily as iteration goes on ({@code for (Connection c
 * : pager)} or {@link #stream()}); {@link #pages()} gives the pages themselves. Each iteration starts
 * again from the first page.
 */
public final class Pager<T> implements Iterable<T> {
  private final Function<String, Page<T>> fetch;

  /** {@code fetch} gets the cursor of the page to load (null for the first). */
  Pager(Function<String, Page<T>> fetch) {
    this.fetch = fetch;
  }

  /** The pages, each fetched when the previous one has been handed out. */
  public Iterable<Page<T>> pages() {
    return PageIterator::new;
  }

  @Override
  public Iterator<T> iterator() {
    Iterator<Page<T>> pages = new PageIterator();
    return new Iterator<>() {
      private Iterator<T> current = List.<T>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && pages.hasNext()) current = pages.next().items().iterator();
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
      }
    };
  }

  /** The items as a sequential stream; pages load as the stream is consumed. */
  public Stream<T> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
  }

  /** Every item of every page. */
  public List<T> toList() {
    List<T> all = new ArrayList<>();
    forEach(all::add);
    return all;
  }

  private final class PageIterator implements Iterator<Page<T>> {
    private String cursor;
    private boolean done;

    @Override
    public boolean hasNext() {
      return !done;
    }

    @Override
    public Page<T> next() {
      if (done) throw new NoSuchElementException();
      Page<T> page = fetch.apply(cursor);
      if (page == null) page = new Page<>(List.of(), null);
      cursor = page.nextCursor();
      done = cursor == null || cursor.isEmpty();
      return page;
    }
  }
}
