using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Patchbay.Http;

namespace Patchbay
{
    /// <summary>
    /// <c>client.Connections</c>: every operation on named connections (SPEC 2).
    /// </summary>
    /// <example>
    /// var library = await client.Connections.GetAsync("library");
    /// var v2 = await client.Connections.ConnectAsync("library", new Dictionary&lt;string, object&gt; { ["ref"] = "v2" });
    /// </example>
    public sealed class ConnectionsService
    {
        readonly Transport _t;

        internal ConnectionsService(Transport transport) { _t = transport; }

        static string At(string tag, string suffix = "") => "/v1/connections/" + Transport.Segment(tag) + suffix;

        /// <summary>Creates a connection; 409 <c>connection_exists</c> when the tag is taken.</summary>
        [OpenApiOperation("POST", "/v1/connections")]
        public Task<Connection> CreateAsync(CreateConnectionRequest request, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("POST", "/v1/connections").WithBody(request), cancellationToken);

        /// <summary>Every matching connection, fetched page by page as you enumerate.</summary>
        [OpenApiOperation("GET", "/v1/connections")]
        public AsyncPageable<Connection> List(ConnectionListOptions options = null)
        {
            var o = options ?? new ConnectionListOptions();
            return new AsyncPageable<Connection>((cursor, ct) => _t.SendAsync<Page<Connection>>(
                new ApiRequest("GET", "/v1/connections").WithQuery("type", o.Type).WithQuery("kind", o.Kind)
                    .WithQuery("status", o.Status).WithQuery("q", o.Q).WithQuery("limit", o.Limit).WithQuery("cursor", cursor), ct));
        }

        /// <summary>One connection; 404 <see cref="ConnectionNotFoundException"/> when there is none.</summary>
        [OpenApiOperation("GET", "/v1/connections/{tag}")]
        public Task<Connection> GetAsync(string tag, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("GET", At(tag)), cancellationToken);

        /// <summary>Metadata, and Value as a JSON merge patch; with <paramref name="ifMatch"/> a moved-on version is 412.</summary>
        [OpenApiOperation("PATCH", "/v1/connections/{tag}")]
        public Task<Connection> UpdateAsync(string tag, UpdateConnectionRequest patch, long? ifMatch = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("PATCH", At(tag)) { IfMatch = ifMatch }.WithBody(patch ?? new UpdateConnectionRequest()), cancellationToken);

        /// <summary>Deletes; <paramref name="force"/> unlinks its components first (409 <c>connection_in_use</c> otherwise).</summary>
        [OpenApiOperation("DELETE", "/v1/connections/{tag}")]
        public Task DeleteAsync(string tag, bool force = false, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<object>(new ApiRequest("DELETE", At(tag)).WithQuery("force", force ? (object)true : null), cancellationToken);

        /// <summary>Sets inputs, each to value or secrets by the type's schema; a blank secret keeps the stored one.</summary>
        [OpenApiOperation("PUT", "/v1/connections/{tag}/credentials")]
        public Task<Connection> SetCredentialsAsync(string tag, IDictionary<string, object> input, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("PUT", At(tag, "/credentials")).WithBody(input ?? new Dictionary<string, object>()), cancellationToken);

        /// <summary>Tests against the real system: <c>active</c> on success, <c>error</c> with a message otherwise.</summary>
        [OpenApiOperation("POST", "/v1/connections/{tag}/validate")]
        public Task<Validation> ValidateAsync(string tag, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Validation>(new ApiRequest("POST", At(tag, "/validate")), cancellationToken);

        /// <summary>Attaches a Vault secret (<c>secret/data/oracle</c> or <c>secret/oracle</c>), pinned to KV v2 <paramref name="version"/> if given (else the latest); 409 without a Vault configuration.</summary>
        [OpenApiOperation("PUT", "/v1/connections/{tag}/vault")]
        public Task<Connection> AttachVaultAsync(string tag, string path, int? version = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("PUT", At(tag, "/vault")).WithBody(new Dictionary<string, object> { ["path"] = path }
                .With("version", version)), cancellationToken);

        /// <summary>Detaches the Vault secret.</summary>
        [OpenApiOperation("DELETE", "/v1/connections/{tag}/vault")]
        public Task<Connection> DetachVaultAsync(string tag, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("DELETE", At(tag, "/vault")), cancellationToken);

        /// <summary>The merged inputs and their sources; secrets masked unless <paramref name="reveal"/> (and the token may reveal).</summary>
        [OpenApiOperation("POST", "/v1/connections/{tag}/resolve")]
        public Task<Resolution> ResolveAsync(string tag, IDictionary<string, object> inputs = null, bool? reveal = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Resolution>(new ApiRequest("POST", At(tag, "/resolve")).WithBody(new Dictionary<string, object>()
                .With("inputs", inputs).With("reveal", reveal)), cancellationToken);

        /// <summary>Runs the task with per-call overrides; a failed task is an <see cref="Execution"/> with status <c>failed</c>.</summary>
        [OpenApiOperation("POST", "/v1/connections/{tag}/connect")]
        public Task<Execution> ConnectAsync(string tag, IDictionary<string, object> overrides = null, int? timeoutMs = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Execution>(new ApiRequest("POST", At(tag, "/connect")).WithBody(new Dictionary<string, object>()
                .With("inputs", overrides).With("timeout_ms", timeoutMs)), cancellationToken);

        /// <summary>Switches the connection off: resolve and connect answer 409 <c>connection_revoked</c>.</summary>
        [OpenApiOperation("POST", "/v1/connections/{tag}/revoke")]
        public Task<Connection> RevokeAsync(string tag, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("POST", At(tag, "/revoke")), cancellationToken);

        /// <summary>Switches a revoked connection back on (<c>unverified</c> or <c>pending</c>).</summary>
        [OpenApiOperation("POST", "/v1/connections/{tag}/restore")]
        public Task<Connection> RestoreAsync(string tag, CancellationToken cancellationToken = default(CancellationToken)) =>
            _t.SendAsync<Connection>(new ApiRequest("POST", At(tag, "/restore")), cancellationToken);
    }

    internal static class BodyExtensions
    {
        /// <summary>Adds a property only when it has a value, so optional fields stay out of the body.</summary>
        public static Dictionary<string, object> With(this Dictionary<string, object> body, string name, object value)
        {
            if (value != null) body[name] = value;
            return body;
        }
    }
}
