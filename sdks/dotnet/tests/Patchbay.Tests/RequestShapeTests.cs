using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Patchbay.Tests
{
    /// <summary>What goes on the wire: paths, query, If-Match and bodies as SPEC 2 describes them.</summary>
    [TestFixture]
    public class RequestShapeTests
    {
        const string Connection = "{\"tag\":\"library\",\"type\":\"git\",\"version\":4}";

        static async Task<Recorded> Send(System.Func<PatchbayClient, Task> call)
        {
            using (var stub = new StubServer(r => StubReply.Json(200, Connection)))
            using (var client = stub.Client())
            {
                await call(client);
                Assert.AreEqual(1, stub.Requests.Count);
                return stub.Requests[0];
            }
        }

        [Test]
        public async Task UpdateSendsAMergePatchWithIfMatch()
        {
            var sent = await Send(c => c.Connections.UpdateAsync("library",
                new UpdateConnectionRequest { Description = "v2 only", Value = new Dictionary<string, object> { ["ref"] = "v2", ["depth"] = null } }, ifMatch: 3));
            Assert.AreEqual("PATCH", sent.Method);
            Assert.AreEqual("\"3\"", sent.Headers["if-match"]);
            // unset properties stay out; a null inside value removes that key (RFC 7396)
            Assert.IsTrue(JToken.DeepEquals(JObject.Parse("{\"description\":\"v2 only\",\"value\":{\"ref\":\"v2\",\"depth\":null}}"), JObject.Parse(sent.Body)), sent.Body);
        }

        [Test]
        public async Task WithoutIfMatchNoHeaderIsSent()
        {
            var sent = await Send(c => c.Connections.UpdateAsync("library", new UpdateConnectionRequest { Description = "x" }));
            Assert.IsFalse(sent.Headers.ContainsKey("if-match"));
        }

        [Test]
        public async Task AttachVaultSendsVersionOnlyWhenPinned()
        {
            var pinned = await Send(c => c.Connections.AttachVaultAsync("library", "secret/data/oracle", 3));
            Assert.AreEqual("PUT", pinned.Method);
            Assert.AreEqual("/v1/connections/library/vault", pinned.RawUrl);
            Assert.IsTrue(JToken.DeepEquals(JObject.Parse("{\"path\":\"secret/data/oracle\",\"version\":3}"), JObject.Parse(pinned.Body)), pinned.Body);
            var latest = await Send(c => c.Connections.AttachVaultAsync("library", "secret/data/oracle"));
            Assert.IsTrue(JToken.DeepEquals(JObject.Parse("{\"path\":\"secret/data/oracle\"}"), JObject.Parse(latest.Body)), latest.Body);
        }

        [Test]
        public async Task ATagCannotAddAPathSegment()
        {
            var sent = await Send(c => c.Connections.GetAsync("../tokens/a b"));
            Assert.AreEqual("/v1/connections/..%2Ftokens%2Fa%20b", sent.RawUrl);
        }

        [Test]
        public async Task DeleteWithForceAndConnectWithOverrides()
        {
            var delete = await Send(c => c.Connections.DeleteAsync("prod_aws", force: true));
            Assert.AreEqual("DELETE /v1/connections/prod_aws?force=true", delete.Method + " " + delete.RawUrl);
            var plain = await Send(c => c.Cloud.DeleteConnectionAsync("prod_aws"));
            Assert.AreEqual("/v1/connections/prod_aws", plain.RawUrl);
            var connect = await Send(c => c.ConnectAsync("library", new Dictionary<string, object> { ["ref"] = "v2" }, timeoutMs: 60000));
            Assert.IsTrue(JToken.DeepEquals(JObject.Parse("{\"inputs\":{\"ref\":\"v2\"},\"timeout_ms\":60000}"), JObject.Parse(connect.Body)), connect.Body);
            var bare = await Send(c => c.Connections.ResolveAsync("library"));
            Assert.AreEqual("{}", bare.Body);
        }

        [Test]
        public async Task CloudCreateTurnsTheNameIntoTheTag()
        {
            var sent = await Send(c => c.Cloud.CreateConnectionAsync(new CreateCloudConnectionRequest { Provider = "aws", Name = "Prod AWS", Scopes = new[] { "storage" } }));
            Assert.AreEqual("POST /v1/connections", sent.Method + " " + sent.Path);
            Assert.IsTrue(JToken.DeepEquals(JObject.Parse("{\"tag\":\"prod_aws\",\"type\":\"aws\",\"display_name\":\"Prod AWS\",\"scopes\":[\"storage\"]}"), JObject.Parse(sent.Body)), sent.Body);
            Assert.AreEqual("application/json; charset=utf-8", sent.Headers["content-type"]);
        }

        [Test]
        public async Task CompleteIsAPutOfTheInputToCredentials()
        {
            var sent = await Send(c => c.Cloud.CompleteConnectionAsync("prod_aws", new Dictionary<string, object> { ["role_arn"] = "arn:aws:iam::1:role/x" }));
            Assert.AreEqual("PUT /v1/connections/prod_aws/credentials", sent.Method + " " + sent.Path);
            Assert.AreEqual("{\"role_arn\":\"arn:aws:iam::1:role/x\"}", sent.Body);
        }

        [Test]
        public async Task VaultGetIsNullWhenTheServerAnswersNull()
        {
            using (var stub = new StubServer(r => StubReply.Json(200, "null")))
            using (var client = stub.Client())
                Assert.IsNull(await client.Vault.GetAsync());
        }
    }
}
