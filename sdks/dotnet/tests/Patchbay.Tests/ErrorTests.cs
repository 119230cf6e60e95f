using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Patchbay.Tests
{
    [TestFixture]
    public class ErrorTests
    {
        /// <summary>The SPEC 2.1 table as the server defines it (packages/server/src/domain/errors.ts), read from the repository.</summary>
        public static IEnumerable<TestCaseData> SpecCodes()
        {
            foreach (var pair in RepoFiles.ServerErrorTable())
                yield return new TestCaseData(pair.Key, pair.Value).SetName("error " + pair.Value + " " + pair.Key);
        }

        [Test, TestCaseSource("SpecCodes")]
        public async Task EveryCodeBecomesItsOwnExceptionClass(string code, int status)
        {
            using (var stub = new StubServer(r => StubReply.Error(status, code, "what to do next", "{\"fields\":[\"repository_url\"]}")))
            using (var client = stub.Client(configure: o => o.MaxRetries = 0))
            {
                var e = await AsyncAssert.ThrowsAsync<PatchbayException>(() => client.Connections.GetAsync("library"));
                // the class is named after the code: connection_not_found → ConnectionNotFoundException
                var expected = string.Concat(code.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1))) + "Exception";
                Assert.AreEqual(expected, e.GetType().Name);
                Assert.AreEqual(status, e.Status);
                Assert.AreEqual(code, e.Code);
                Assert.AreEqual("what to do next", e.Message);
                Assert.AreEqual("req-" + code, e.RequestId);
                Assert.AreEqual("repository_url", (string)e.Details["fields"][0]);
                Assert.IsInstanceOf(StatusClass(status), e, "a code's class derives from its status class");
            }
        }

        [Test]
        public void TheSdkTableHasExactlyTheServersCodes()
        {
            var server = RepoFiles.ServerErrorTable();
            CollectionAssert.AreEquivalent(server.Keys, ErrorCodes.All.Keys);
            foreach (var entry in ErrorCodes.All) Assert.AreEqual(server[entry.Key], entry.Value.Key, entry.Key);
        }

        [Test]
        public async Task AnUnknownCodeFallsBackToItsStatusClass()
        {
            using (var stub = new StubServer(r => StubReply.Error(409, "brand_new_conflict")))
            using (var client = stub.Client())
            {
                var e = await AsyncAssert.ThrowsAsync<PatchbayException>(() => client.Connections.RevokeAsync("x"));
                Assert.AreEqual(typeof(ConflictException), e.GetType());
                Assert.AreEqual("brand_new_conflict", e.Code);
            }
        }

        [Test]
        public async Task ABodyThatIsNotJsonStillGivesAUsefulError()
        {
            using (var stub = new StubServer(r => new StubReply { Status = 503, Body = "<html>maintenance</html>" }.WithHeader("x-request-id", "hdr-1")))
            using (var client = stub.Client())
            {
                var e = await AsyncAssert.ThrowsAsync<ServerException>(() => client.Types.ListAsync());
                Assert.AreEqual("http_503", e.Code);
                StringAssert.Contains("maintenance", e.Message);
                Assert.AreEqual("hdr-1", e.RequestId);
            }
        }

        [Test]
        public async Task AServerThatIsNotThereIsANetworkError()
        {
            string url;
            using (var stub = new StubServer(r => StubReply.Json(200, "{}"))) url = stub.Url; // closed again
            using (var client = new PatchbayClient(new PatchbayClientOptions { BaseUrl = url, Token = "pb_x" }))
            {
                var e = await AsyncAssert.ThrowsAsync<PatchbayNetworkException>(() => client.Connections.GetAsync("library"));
                Assert.AreEqual(0, e.Status);
                Assert.AreEqual("network_error", e.Code);
                StringAssert.Contains(url, e.Message);
            }
        }

        [Test]
        public async Task ASlowAnswerIsATimeoutAndACancelledCallIsCancelled()
        {
            using (var stub = new StubServer(r => new StubReply { DelayMs = 3000, Body = "{\"items\":[]}" }))
            using (var client = stub.Client(configure: o => o.Timeout = TimeSpan.FromMilliseconds(150)))
            using (var patient = stub.Client())
            {
                var e = await AsyncAssert.ThrowsAsync<PatchbayTimeoutException>(() => client.Types.ListAsync());
                Assert.AreEqual("timeout", e.Code);
                var cts = new System.Threading.CancellationTokenSource(150);
                await AsyncAssert.ThrowsAsync<OperationCanceledException>(() => patient.Types.ListAsync(cts.Token));
            }
        }

        static Type StatusClass(int status)
        {
            switch (status)
            {
                case 400: return typeof(BadRequestException);
                case 401: return typeof(UnauthenticatedException);
                case 403: return typeof(ForbiddenException);
                case 404: return typeof(NotFoundException);
                case 405: return typeof(MethodNotAllowedException);
                case 409: return typeof(ConflictException);
                case 412: return typeof(PreconditionFailedException);
                case 422: return typeof(UnprocessableException);
                case 429: return typeof(RateLimitedException);
                case 502: return typeof(UpstreamException);
                default: return typeof(ServerException);
            }
        }
    }
}
