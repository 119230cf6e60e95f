using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace Patchbay
{
    /// <summary>One page of a list answer: its items and the cursor of the next page (null on the last).</summary>
    public sealed class Page<T>
    {
        [JsonProperty("items")] public List<T> Items { get; set; } = new List<T>();
        [JsonProperty("next_cursor")] public string NextCursor { get; set; }
    }

    /// <summary>
    /// Every item of a list, page after page, fetched lazily as the caller enumerates
    /// (<c>await foreach (var c in client.Connections.List())</c>); <see cref="AsPages"/> gives the pages.
    /// Nothing is requested before enumeration starts; each enumeration starts from the first page.
    /// </summary>
    /// <remarks>
    /// Written as explicit enumerator classes rather than an <c>async</c> iterator so that the same source
    /// compiles with Mono's mcs (C# 7), which has no async iterators; the interfaces are the standard ones.
    /// </remarks>
    public sealed class AsyncPageable<T> : IAsyncEnumerable<T>
    {
        readonly Func<string, CancellationToken, Task<Page<T>>> _fetch;

        internal AsyncPageable(Func<string, CancellationToken, Task<Page<T>>> fetch) { _fetch = fetch; }

        /// <summary>The pages themselves, e.g. to count them or to keep a cursor.</summary>
        public IAsyncEnumerable<Page<T>> AsPages() => new PageSequence(_fetch);

        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default(CancellationToken)) =>
            new ItemEnumerator(new PageEnumerator(_fetch, cancellationToken));

        /// <summary>Gathers every item of every page.</summary>
        public async Task<List<T>> ToListAsync(CancellationToken cancellationToken = default(CancellationToken))
        {
            var all = new List<T>();
            var e = GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await e.MoveNextAsync().ConfigureAwait(false)) all.Add(e.Current);
            }
            finally
            {
                await e.DisposeAsync().ConfigureAwait(false);
            }
            return all;
        }

        sealed class PageSequence : IAsyncEnumerable<Page<T>>
        {
            readonly Func<string, CancellationToken, Task<Page<T>>> _fetch;
            public PageSequence(Func<string, CancellationToken, Task<Page<T>>> fetch) { _fetch = fetch; }

            public IAsyncEnumerator<Page<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default(CancellationToken)) =>
                new PageEnumerator(_fetch, cancellationToken);
        }

        sealed class PageEnumerator : IAsyncEnumerator<Page<T>>
        {
            readonly Func<string, CancellationToken, Task<Page<T>>> _fetch;
            readonly CancellationToken _ct;
            string _cursor;
            bool _started;

            public PageEnumerator(Func<string, CancellationToken, Task<Page<T>>> fetch, CancellationToken ct)
            {
                _fetch = fetch;
                _ct = ct;
            }

            public Page<T> Current { get; private set; }

            public async ValueTask<bool> MoveNextAsync()
            {
                if (_started && string.IsNullOrEmpty(_cursor)) return false;
                _ct.ThrowIfCancellationRequested();
                var page = await _fetch(_started ? _cursor : null, _ct).ConfigureAwait(false) ?? new Page<T>();
                if (page.Items == null) page.Items = new List<T>();
                _started = true;
                _cursor = page.NextCursor;
                Current = page;
                return true;
            }

            public ValueTask DisposeAsync() => default(ValueTask);
        }

        sealed class ItemEnumerator : IAsyncEnumerator<T>
        {
            readonly PageEnumerator _pages;
            int _index = -1;

            public ItemEnumerator(PageEnumerator pages) { _pages = pages; }

            public T Current => _pages.Current.Items[_index];

            public async ValueTask<bool> MoveNextAsync()
            {
                while (_pages.Current == null || _index + 1 >= _pages.Current.Items.Count)
                {
                    if (!await _pages.MoveNextAsync().ConfigureAwait(false)) return false;
                    _index = -1;
                }
                _index++;
                return true;
            }

            public ValueTask DisposeAsync() => _pages.DisposeAsync();
        }
    }
}
