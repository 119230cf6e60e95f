using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Patchbay.Tests
{
    /// <summary>A planted token must reach the server and nothing else: no message, log line or ToString.</summary>
    [TestFixture]
    public class TokenHygieneTests
    {
        const string Canary = "pb_canary_7f3a9c1e5b2d4f60";

        [Test]
        public async Task TheTokenIsSentButNeverShown()
        {
            var log = new ConcurrentQueue<string>();
            var seen = new List<string>();
            // the server echoes the token in its message: the SDK must still not repeat it
            using (var stub = new StubServer(r => r.Path == "/v1/tokens"
                ? StubReply.Json(201, "{\"id\":\"t1\",\"name\":\"ci\",\"role\":\"runner\",\"reveal\":false,\"token\":\"" + Canary + "\"}")
                : StubReply.Error(401, "unauthenticated", "token " + Canary + " is unknown", "{\"token\":\"" + Canary + "\"}")))
            using (var client = stub.Client(Canary, o => o.Log = log.Enqueue))
            {
                var e = await AsyncAssert.ThrowsAsync<UnauthenticatedException>(() => client.Connections.GetAsync("library"));
                Assert.AreEqual("Bearer " + Canary, stub.Requests[0].Headers["authorization"], "the token is sent");
                seen.Add(e.Message);
                seen.Add(e.ToString());
                Assert.AreEqual("[redacted]", (string)e.Details["token"], "details keep their shape, without the token");
                seen.Add(client.ToString());
                seen.Add(new PatchbayClientOptions { Token = Canary }.ToString());
                var created = await client.Tokens.CreateAsync(new CreateTokenRequest { Name = "ci", Role = "runner" });
                Assert.AreEqual(Canary, created.Secret, "the secret of a new token is readable");
                seen.Add(created.ToString());
                seen.AddRange(log);
                Assert.IsNotEmpty(log.ToList(), "the log was written");
            }
            foreach (var text in seen) StringAssert.DoesNotContain(Canary, text);
        }

        [Test]
        public async Task NetworkAndTimeoutErrorsDoNotShowTheToken()
        {
            using (var stub = new StubServer(r => new StubReply { DelayMs = 3000 }))
            using (var client = stub.Client(Canary, o => o.Timeout = TimeSpan.FromMilliseconds(100)))
            {
                var e = await AsyncAssert.ThrowsAsync<PatchbayTimeoutException>(() => client.Vault.GetAsync());
                StringAssert.DoesNotContain(Canary, e.ToString());
            }
            using (var client = new PatchbayClient(new PatchbayClientOptions { BaseUrl = "http://127.0.0.1:1", Token = Canary }))
            {
                var e = await AsyncAssert.ThrowsAsync<PatchbayNetworkException>(() => client.Vault.GetAsync());
                StringAssert.DoesNotContain(Canary, e.ToString());
            }
        }

        [Test]
        public void RequestsWithSecretsDoNotPrintThem()
        {
            var vault = new VaultConfigRequest { Address = "https://vault:8200", Auth = new VaultAuthRequest { Method = "approle", RoleId = "r", SecretId = Canary } };
            var create = new CreateConnectionRequest { Tag = "api", Type = "http", Secrets = new Dictionary<string, object> { ["bearer_token"] = Canary } };
            var resolution = new Resolution { Tag = "api", Inputs = Newtonsoft.Json.Linq.JObject.Parse("{\"bearer_token\":\"" + Canary + "\"}") };
            foreach (var text in new[] { vault.ToString(), create.ToString(), resolution.ToString() })
                StringAssert.DoesNotContain(Canary, text);
        }
    }
}
