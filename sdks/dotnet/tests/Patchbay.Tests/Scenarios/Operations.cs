using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Patchbay.Tests.Scenarios
{
    /// <summary>Every scenario op mapped to the SDK's public method; results become JSON with the wire's names.</summary>
    public static class Operations
    {

        /// <summary>The result of a paged op: every item (through the SDK's iterator) and the page count.</summary>
        public static async Task<JToken> Gather<T>(AsyncPageable<T> pageable)
        {
            var items = new JArray();
            var pages = 0;
            var e = pageable.AsPages().GetAsyncEnumerator();
            while (await e.MoveNextAsync())
            {
                pages++;
                foreach (var item in e.Current.Items) items.Add(Json(item));
            }
            return new JObject { ["items"] = items, ["pages"] = pages };
        }

        /// <summary>The model as the wire's JSON text, read back with dates as strings (as the server sent them).</summary>
        static JToken Json(object o)
        {
            if (o == null) return JValue.CreateNull();
            using (var reader = new JsonTextReader(new System.IO.StringReader(JsonConvert.SerializeObject(o))) { DateParseHandling = DateParseHandling.None })
                return JToken.Load(reader);
        }

        static async Task<JToken> J<T>(Task<T> call) => Json(await call);

        static async Task<JToken> Empty(Task call)
        {
            await call;
            return new JObject();
        }

        static async Task<JToken> Items<T>(Task<IReadOnlyList<T>> call) => new JObject { ["items"] = Json(await call) };

        public static Task<JToken> Run(PatchbayClient c, string op, JObject a)
        {
            Args x;
            switch (op)
            {
                case "types.list": x = new Args(op, a); return Items(c.Types.ListAsync());
                case "types.get": x = new Args(op, a, "type"); return J(c.Types.GetAsync(x.Str("type")));
                case "connections.create":
                    return J(c.Connections.CreateAsync(Args.Model<CreateConnectionRequest>(op, a)));
                case "connections.get": x = new Args(op, a, "tag"); return J(c.Connections.GetAsync(x.Str("tag")));
                case "connections.list":
                    x = new Args(op, a, "type", "kind", "status", "q", "limit");
                    return Gather(c.Connections.List(new ConnectionListOptions { Type = x.OptStr("type"), Kind = x.OptStr("kind"), Status = x.OptStr("status"), Q = x.OptStr("q"), Limit = x.Int("limit") }));
                case "connections.update":
                    x = new Args(op, a, "tag", "patch", "if_match");
                    return J(c.Connections.UpdateAsync(x.Str("tag"), Args.Model<UpdateConnectionRequest>(op, x.Obj("patch")), x.Long("if_match")));
                case "connections.credentials": x = new Args(op, a, "tag", "input"); return J(c.Connections.SetCredentialsAsync(x.Str("tag"), x.Dict("input")));
                case "connections.validate": x = new Args(op, a, "tag"); return J(c.Connections.ValidateAsync(x.Str("tag")));
                case "connections.resolve": x = new Args(op, a, "tag", "inputs", "reveal"); return J(c.Connections.ResolveAsync(x.Str("tag"), x.Dict("inputs"), x.Bool("reveal")));
                case "connections.connect": x = new Args(op, a, "tag", "inputs", "timeout_ms"); return J(c.Connections.ConnectAsync(x.Str("tag"), x.Dict("inputs"), x.Int("timeout_ms")));
                case "connections.revoke": x = new Args(op, a, "tag"); return J(c.Connections.RevokeAsync(x.Str("tag")));
                case "connections.restore": x = new Args(op, a, "tag"); return J(c.Connections.RestoreAsync(x.Str("tag")));
                case "connections.delete": x = new Args(op, a, "tag", "force"); return Empty(c.Connections.DeleteAsync(x.Str("tag"), x.Bool("force") ?? false));
                case "connections.attach_vault":
                    x = new Args(op, a, "tag", "path", "version"); return J(c.Connections.AttachVaultAsync(x.Str("tag"), x.Str("path"), x.Int("version")));
                case "connections.detach_vault": x = new Args(op, a, "tag"); return J(c.Connections.DetachVaultAsync(x.Str("tag")));
                default: return RunMore(c, op, a);
            }
        }

        static Task<JToken> RunMore(PatchbayClient c, string op, JObject a)
        {
            Args x;
            switch (op)
            {
                case "cloud.connections.create":
                    x = new Args(op, a, "provider", "name", "scopes", "display_name", "description");
                    return J(c.Cloud.CreateConnectionAsync(new CreateCloudConnectionRequest { Provider = x.Str("provider"), Name = x.Str("name"), Scopes = x.Strs("scopes"), DisplayName = x.OptStr("display_name"), Description = x.OptStr("description") }));
                case "cloud.connections.complete": x = new Args(op, a, "tag", "input"); return J(c.Cloud.CompleteConnectionAsync(x.Str("tag"), x.Dict("input")));
                case "cloud.connections.validate": x = new Args(op, a, "tag"); return J(c.Cloud.ValidateConnectionAsync(x.Str("tag")));
                case "cloud.connections.fetch": x = new Args(op, a, "tag"); return J(c.Cloud.FetchConnectionAsync(x.Str("tag")));
                case "cloud.connections.list": x = new Args(op, a, "provider", "limit"); return Gather(c.Cloud.ListConnections(x.OptStr("provider"), x.Int("limit")));
                case "cloud.connections.update":
                    x = new Args(op, a, "tag", "patch");
                    var patch = new Args(op + " patch", x.Obj("patch"), "display_name", "description", "scopes");
                    return J(c.Cloud.UpdateConnectionAsync(x.Str("tag"), new UpdateCloudConnectionRequest { DisplayName = patch.OptStr("display_name"), Description = patch.OptStr("description"), Scopes = patch.Strs("scopes") }));
                case "cloud.connections.delete": x = new Args(op, a, "tag", "force"); return Empty(c.Cloud.DeleteConnectionAsync(x.Str("tag"), x.Bool("force") ?? false));
                case "executions.list": x = new Args(op, a, "tag", "limit"); return Gather(c.Executions.List(x.OptStr("tag"), x.Int("limit")));
                case "executions.get": x = new Args(op, a, "id"); return J(c.Executions.GetAsync(x.Str("id")));
                case "components.link": return J(c.Components.LinkAsync(Args.Model<LinkComponentRequest>(op, a)));
                case "components.list": x = new Args(op, a, "cloud", "kind", "limit"); return Gather(c.Components.List(new ComponentListOptions { Cloud = x.OptStr("cloud"), Kind = x.OptStr("kind"), Limit = x.Int("limit") }));
                case "components.get": x = new Args(op, a, "name"); return J(c.Components.GetAsync(x.Str("name")));
                case "components.unlink": x = new Args(op, a, "name"); return Empty(c.Components.UnlinkAsync(x.Str("name")));
                case "vault.get": x = new Args(op, a); return J(c.Vault.GetAsync());
                case "vault.configure": x = new Args(op, a, "config"); return J(c.Vault.ConfigureAsync(Args.Model<VaultConfigRequest>(op, x.Obj("config"))));
                case "vault.check": x = new Args(op, a); return J(c.Vault.CheckAsync());
                case "tokens.create": return J(c.Tokens.CreateAsync(Args.Model<CreateTokenRequest>(op, a)));
                case "tokens.list": x = new Args(op, a); return Items(c.Tokens.ListAsync());
                case "tokens.delete": x = new Args(op, a, "id"); return Empty(c.Tokens.DeleteAsync(x.Str("id")));
                default: throw new ArgumentException($"op '{op}' is not mapped to an SDK method; add it to Scenarios/Operations.cs");
            }
        }
    }
}
