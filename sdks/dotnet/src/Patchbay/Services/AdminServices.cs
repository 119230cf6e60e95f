using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Patchbay.Http;

namespace Patchbay
{
    /// <summary>A list answer without paging (<c>{items}</c>).</summary>
    internal sealed class ItemList<T>
    {
        [JsonProperty("items")] public List<T> Items { get; set; } = new List<T>();
    }

    /// <summary><c>client.Types</c>: the connection types and the JSON Schemas of their inputs.</summary>
    public sealed class TypesService
    {
        readonly Transport _t;
        internal TypesService(Transport t) { _t = t; }

        [OpenApiOperation("GET", "/v1/types")]
        public async Task<IReadOnlyList<ConnectionType>> ListAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            (await _t.SendAsync<ItemList<ConnectionType>>(new ApiRequest("GET", "/v1/types"), cancellationToken).ConfigureAwait(false))?.Items ?? new List<ConnectionType>();

        /// <summary>One type; 404 <see cref="TypeNotFoundException"/>.</summary>
        [OpenApiOperation("GET", "/v1/types/{type}")]
        public Task<ConnectionType> GetAsync(string type, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<ConnectionType>(new ApiRequest("GET", "/v1/types/" + Transport.Segment(type)), cancellationToken);
    }

    /// <summary><c>client.Executions</c>: the records of connect calls, newest first.</summary>
    public sealed class ExecutionsService
    {
        readonly Transport _t;
        internal ExecutionsService(Transport t) { _t = t; }

        /// <summary>Every execution (of <paramref name="tag"/> when given), page by page; <paramref name="limit"/> is the page size.</summary>
        [OpenApiOperation("GET", "/v1/executions")]
        public AsyncPageable<Execution> List(string tag = null, int? limit = null) =>
            new AsyncPageable<Execution>((cursor, ct) => _t.SendAsync<Page<Execution>>(
                new ApiRequest("GET", "/v1/executions").WithQuery("tag", tag).WithQuery("limit", limit).WithQuery("cursor", cursor), ct));

        /// <summary>One execution; 404 <see cref="ExecutionNotFoundException"/>.</summary>
        [OpenApiOperation("GET", "/v1/executions/{id}")]
        public Task<Execution> GetAsync(string id, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Execution>(new ApiRequest("GET", "/v1/executions/" + Transport.Segment(id)), cancellationToken);
    }

    /// <summary><c>client.Components</c>: consumers linked to an active cloud connection.</summary>
    public sealed class ComponentsService
    {
        readonly Transport _t;
        internal ComponentsService(Transport t) { _t = t; }

        [OpenApiOperation("POST", "/v1/components")]
        public Task<Component> LinkAsync(LinkComponentRequest request, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Component>(new ApiRequest("POST", "/v1/components").WithBody(request), cancellationToken);

        [OpenApiOperation("GET", "/v1/components")]
        public AsyncPageable<Component> List(ComponentListOptions options = null)
        {
            var o = options ?? new ComponentListOptions();
            return new AsyncPageable<Component>((cursor, ct) => _t.SendAsync<Page<Component>>(
                new ApiRequest("GET", "/v1/components").WithQuery("cloud", o.Cloud).WithQuery("kind", o.Kind)
                    .WithQuery("limit", o.Limit).WithQuery("cursor", cursor), ct));
        }

        [OpenApiOperation("GET", "/v1/components/{name}")]
        public Task<Component> GetAsync(string name, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Component>(new ApiRequest("GET", "/v1/components/" + Transport.Segment(name)), cancellationToken);

        [OpenApiOperation("DELETE", "/v1/components/{name}")]
        public Task UnlinkAsync(string name, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<object>(new ApiRequest("DELETE", "/v1/components/" + Transport.Segment(name)), cancellationToken);
    }

    /// <summary><c>client.Vault</c>: the workspace's Vault integration (admin); secret parts are write-only.</summary>
    public sealed class VaultService
    {
        readonly Transport _t;
        internal VaultService(Transport t) { _t = t; }

        /// <summary>The configuration, or null when none is set.</summary>
        [OpenApiOperation("GET", "/v1/vault")]
        public Task<VaultConfig> GetAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<VaultConfig>(new ApiRequest("GET", "/v1/vault"), cancellationToken);

        [OpenApiOperation("PUT", "/v1/vault")]
        public Task<VaultConfig> ConfigureAsync(VaultConfigRequest config, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<VaultConfig>(new ApiRequest("PUT", "/v1/vault").WithBody(config), cancellationToken);

        /// <summary>Reachability, seal state and whether the credentials authenticate.</summary>
        [OpenApiOperation("POST", "/v1/vault/check")]
        public Task<VaultCheck> CheckAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<VaultCheck>(new ApiRequest("POST", "/v1/vault/check"), cancellationToken);
    }

    /// <summary><c>client.Tokens</c>: API tokens of the caller's workspace (admin).</summary>
    public sealed class TokensService
    {
        readonly Transport _t;
        internal TokensService(Transport t) { _t = t; }

        /// <summary>Creates a token; the answer's <see cref="Token.Secret"/> is shown this once.</summary>
        [OpenApiOperation("POST", "/v1/tokens")]
        public Task<Token> CreateAsync(CreateTokenRequest request, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Token>(new ApiRequest("POST", "/v1/tokens").WithBody(request), cancellationToken);

        [OpenApiOperation("GET", "/v1/tokens")]
        public async Task<IReadOnlyList<Token>> ListAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            (await _t.SendAsync<ItemList<Token>>(new ApiRequest("GET", "/v1/tokens"), cancellationToken).ConfigureAwait(false))?.Items ?? new List<Token>();

        /// <summary>Revokes the token.</summary>
        [OpenApiOperation("DELETE", "/v1/tokens/{id}")]
        public Task DeleteAsync(string id, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<object>(new ApiRequest("DELETE", "/v1/tokens/" + Transport.Segment(id)), cancellationToken);
    }

    /// <summary><c>client.Workspaces</c>: tenants; only an admin of <c>default</c> may call these.</summary>
    public sealed class WorkspacesService
    {
        readonly Transport _t;
        internal WorkspacesService(Transport t) { _t = t; }

        /// <summary>Creates a workspace and its first admin token (whose secret is in the answer).</summary>
        [OpenApiOperation("POST", "/v1/workspaces")]
        public Task<CreatedWorkspace> CreateAsync(string name, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<CreatedWorkspace>(new ApiRequest("POST", "/v1/workspaces").WithBody(new Dictionary<string, object> { ["name"] = name }), cancellationToken);

        [OpenApiOperation("GET", "/v1/workspaces")]
        public async Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            (await _t.SendAsync<ItemList<Workspace>>(new ApiRequest("GET", "/v1/workspaces"), cancellationToken).ConfigureAwait(false))?.Items ?? new List<Workspace>();
    }

    /// <summary><c>client.Audit</c>: the workspace's audit events, newest first, and a check of their hash chain.</summary>
    public sealed class AuditService
    {
        readonly Transport _t;
        internal AuditService(Transport t) { _t = t; }

        [OpenApiOperation("GET", "/v1/audit")]
        public AsyncPageable<AuditEvent> List(AuditListOptions options = null)
        {
            var o = options ?? new AuditListOptions();
            return new AsyncPageable<AuditEvent>((cursor, ct) => _t.SendAsync<Page<AuditEvent>>(
                new ApiRequest("GET", "/v1/audit").WithQuery("tag", o.Tag).WithQuery("action", o.Action)
                    .WithQuery("limit", o.Limit).WithQuery("cursor", cursor), ct));
        }

        [OpenApiOperation("GET", "/v1/audit/verify")]
        public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<AuditVerification>(new ApiRequest("GET", "/v1/audit/verify"), cancellationToken);
    }

    /// <summary><c>client.Session</c>: who is calling, and the workbench's cookie sign-in/out.</summary>
    public sealed class SessionService
    {
        readonly Transport _t;
        internal SessionService(Transport t) { _t = t; }

        [OpenApiOperation("GET", "/v1/session")]
        public Task<Session> WhoAmIAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Session>(new ApiRequest("GET", "/v1/session"), cancellationToken);

        /// <summary>Exchanges a token for the workbench's session cookie (browsers).</summary>
        [OpenApiOperation("POST", "/v1/session")]
        public Task<Session> SignInAsync(string token, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Session>(new ApiRequest("POST", "/v1/session").WithBody(new Dictionary<string, object> { ["token"] = token }), cancellationToken);

        [OpenApiOperation("DELETE", "/v1/session")]
        public Task SignOutAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<object>(new ApiRequest("DELETE", "/v1/session"), cancellationToken);
    }
}
