using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Patchbay.Tests
{
    [TestFixture]
    public class RetryTests
    {
        const string ConnectionJson = "{\"tag\":\"library\",\"type\":\"git\",\"status\":\"active\",\"version\":3}";

        /// <summary>Answers the first <paramref name="failures"/> calls with <paramref name="status"/>, then 200.</summary>
        static Func<Recorded, StubReply> FailThenSucceed(int failures, int status, string retryAfter = "0")
        {
            var calls = 0;
            return r =>
            {
                var reply = Interlocked.Increment(ref calls) <= failures
                    ? StubReply.Error(status, status == 429 ? "rate_limited" : "vault_error")
                    : StubReply.Json(200, ConnectionJson);
                return retryAfter != null ? reply.WithHeader("Retry-After", retryAfter) : reply;
            };
        }

        [Test]
        public async Task AGetAnswered429IsRetriedUntilItSucceeds()
        {
            using (var stub = new StubServer(FailThenSucceed(2, 429)))
            using (var client = stub.Client())
            {
                var c = await client.Connections.GetAsync("library");
                Assert.AreEqual(3, c.Version);
                Assert.AreEqual(3, stub.Requests.Count);
            }
        }

        [TestCase("PUT"), TestCase("DELETE")]
        public async Task PutAndDeleteAnswered502AreRetried(string method)
        {
            using (var stub = new StubServer(FailThenSucceed(1, 502)))
            using (var client = stub.Client())
            {
                if (method == "PUT") await client.Connections.SetCredentialsAsync("library", new Dictionary<string, object> { ["ref"] = "v2" });
                else await client.Connections.DetachVaultAsync("library");
                Assert.AreEqual(2, stub.Requests.Count);
                Assert.IsTrue(stub.Requests.All(r => r.Method == method));
            }
        }

        [TestCase(429), TestCase(502)]
        public async Task PostAndPatchAreNeverRetried(int status)
        {
            using (var stub = new StubServer(FailThenSucceed(1, status)))
            using (var client = stub.Client())
            {
                var post = await AsyncAssert.ThrowsAsync<PatchbayException>(() => client.Connections.ConnectAsync("library"));
                Assert.AreEqual(status, post.Status);
                Assert.AreEqual(1, stub.Requests.Count, "POST must not be sent twice");
            }
            using (var stub = new StubServer(FailThenSucceed(1, status)))
            using (var client = stub.Client())
            {
                await AsyncAssert.ThrowsAsync<PatchbayException>(() => client.Connections.UpdateAsync("library", new UpdateConnectionRequest { Description = "x" }));
                Assert.AreEqual(1, stub.Requests.Count, "PATCH must not be sent twice");
            }
        }

        [Test]
        public async Task OtherErrorsAreNotRetried()
        {
            using (var stub = new StubServer(r => StubReply.Error(500, "internal_error")))
            using (var client = stub.Client())
            {
                await AsyncAssert.ThrowsAsync<InternalErrorException>(() => client.Connections.GetAsync("library"));
                Assert.AreEqual(1, stub.Requests.Count);
            }
        }

        [Test]
        public async Task RetriesStopAfterMaxRetriesWithTheLastError()
        {
            using (var stub = new StubServer(FailThenSucceed(100, 502)))
            using (var client = stub.Client(configure: o => o.MaxRetries = 2))
            {
                var e = await AsyncAssert.ThrowsAsync<VaultErrorException>(() => client.Executions.GetAsync("e1"));
                Assert.AreEqual(502, e.Status);
                Assert.AreEqual(3, stub.Requests.Count, "one call and two retries");
            }
        }

        [Test]
        public async Task RetryAfterIsHonouredInsteadOfTheBackoff()
        {
            var log = new ConcurrentQueue<string>();
            // the backoff would be an hour, capped at 2 s: a wait of 0 ms can only come from Retry-After
            using (var stub = new StubServer(FailThenSucceed(1, 429, "0")))
            using (var client = stub.Client(configure: o => { o.RetryDelay = TimeSpan.FromHours(1); o.MaxRetryDelay = TimeSpan.FromSeconds(2); o.Log = log.Enqueue; }))
            {
                await client.Connections.GetAsync("library");
                CollectionAssert.Contains(log.ToList(), "GET /v1/connections/library: retrying in 0 ms");
            }
            log = new ConcurrentQueue<string>();
            using (var stub = new StubServer(FailThenSucceed(1, 429, "Wed, 21 Oct 2015 07:28:00 GMT")))
            using (var client = stub.Client(configure: o => { o.RetryDelay = TimeSpan.FromHours(1); o.MaxRetryDelay = TimeSpan.FromSeconds(2); o.Log = log.Enqueue; }))
            {
                await client.Connections.GetAsync("library");
                CollectionAssert.Contains(log.ToList(), "GET /v1/connections/library: retrying in 0 ms", "a date in the past means now");
            }
        }

        [Test]
        public async Task WithoutRetryAfterTheBackoffDoublesAndIsCapped()
        {
            var log = new ConcurrentQueue<string>();
            using (var stub = new StubServer(FailThenSucceed(3, 502, null)))
            using (var client = stub.Client(configure: o => { o.RetryDelay = TimeSpan.FromMilliseconds(10); o.MaxRetryDelay = TimeSpan.FromMilliseconds(30); o.Log = log.Enqueue; }))
            {
                await client.Connections.GetAsync("library");
                var waits = log.Where(l => l.Contains("retrying in")).Select(l => int.Parse(l.Split(' ')[4])).ToList();
                Assert.AreEqual(3, waits.Count);
                Assert.That(waits[0], Is.InRange(8, 12), "10 ms ±20 %");
                Assert.That(waits[1], Is.InRange(16, 24), "20 ms ±20 %");
                Assert.AreEqual(30, waits[2], "40 ms capped at MaxRetryDelay");
            }
        }
    }
}
