using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Web;
using NUnit.Framework;

namespace Patchbay.Tests
{
    [TestFixture]
    public class PagingTests
    {
        /// <summary>A server with <paramref name="count"/> connections, paged by limit and an opaque cursor (the next index).</summary>
        static StubServer PagedServer(int count)
        {
            return new StubServer(r =>
            {
                var q = HttpUtility.ParseQueryString(r.Query);
                var limit = int.Parse(q["limit"] ?? "50");
                var start = q["cursor"] == null ? 0 : int.Parse(q["cursor"].Substring(1));
                var items = Enumerable.Range(start, Math.Max(0, Math.Min(limit, count - start)))
                    .Select(i => "{\"tag\":\"pager_" + (i + 1) + "\",\"type\":\"generic\",\"version\":1}");
                var next = start + limit < count ? "\"c" + (start + limit) + "\"" : "null";
                return StubReply.Json(200, "{\"items\":[" + string.Join(",", items) + "],\"next_cursor\":" + next + "}");
            });
        }

        [Test]
        public async Task SevenItemsThreePerPageAreAllGatheredOverThreePages()
        {
            using (var stub = PagedServer(7))
            using (var client = stub.Client())
            {
                var all = await client.Connections.List(new ConnectionListOptions { Q = "pager_", Type = "generic", Limit = 3 }).ToListAsync();
                CollectionAssert.AreEqual(Enumerable.Range(1, 7).Select(i => "pager_" + i), all.Select(c => c.Tag));
                var queries = stub.Requests.Select(r => r.Query).ToList();
                CollectionAssert.AreEqual(new[] { "?type=generic&q=pager_&limit=3", "?type=generic&q=pager_&limit=3&cursor=c3", "?type=generic&q=pager_&limit=3&cursor=c6" }, queries);
                Console.WriteLine("paging: " + all.Count + " items over " + queries.Count + " requests: " + string.Join(" ", queries));
            }
        }

        [Test]
        public async Task AsPagesGivesEachPageWithItsCursor()
        {
            using (var stub = PagedServer(7))
            using (var client = stub.Client())
            {
                var pages = new List<Page<Connection>>();
                var e = client.Connections.List(new ConnectionListOptions { Limit = 3 }).AsPages().GetAsyncEnumerator();
                while (await e.MoveNextAsync()) pages.Add(e.Current);
                CollectionAssert.AreEqual(new[] { 3, 3, 1 }, pages.Select(p => p.Items.Count));
                CollectionAssert.AreEqual(new[] { "c3", "c6", null }, pages.Select(p => p.NextCursor));
            }
        }

        [Test]
        public async Task NothingIsFetchedBeforeEnumerationAndStoppingEarlyFetchesNoMore()
        {
            using (var stub = PagedServer(7))
            using (var client = stub.Client())
            {
                var pageable = client.Executions.List("library", 3);
                Assert.AreEqual(0, stub.Requests.Count);
                var e = pageable.GetAsyncEnumerator();
                Assert.IsTrue(await e.MoveNextAsync());
                Assert.IsTrue(await e.MoveNextAsync());
                await e.DisposeAsync();
                Assert.AreEqual(1, stub.Requests.Count);
                Assert.AreEqual("?tag=library&limit=3", stub.Requests[0].Query);
            }
        }

        [Test]
        public async Task AnEmptyListIsOnePageWithNoItems()
        {
            using (var stub = PagedServer(0))
            using (var client = stub.Client())
            {
                Assert.AreEqual(0, (await client.Cloud.ListConnections("aws").ToListAsync()).Count);
                Assert.AreEqual(1, stub.Requests.Count);
                Assert.AreEqual("?type=aws&kind=cloud", stub.Requests[0].Query);
            }
        }

        [Test]
        public async Task AnErrorOnALaterPageIsThrownFromTheIterator()
        {
            var calls = 0;
            using (var stub = new StubServer(r => ++calls == 1
                ? StubReply.Json(200, "{\"items\":[{\"name\":\"a\"}],\"next_cursor\":\"c1\"}")
                : StubReply.Error(400, "invalid_request", "cursor is not valid")))
            using (var client = stub.Client())
            {
                var e = await AsyncAssert.ThrowsAsync<InvalidRequestException>(() => client.Components.List().ToListAsync());
                Assert.AreEqual("cursor is not valid", e.Message);
            }
        }
    }
}
