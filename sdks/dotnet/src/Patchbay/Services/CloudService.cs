using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Patchbay
{
    /// <summary>
    /// <c>client.Cloud</c>: the Ductape-style lifecycle of cloud connections (SPEC 4) — create →
    /// complete → validate → fetch/list → update → delete — on the same connections as
    /// <see cref="PatchbayClient.Connections"/>.
    /// </summary>
    /// <example>
    /// var aws = await client.Cloud.CreateConnectionAsync(new CreateCloudConnectionRequest { Provider = "aws", Name = "prod_aws", Scopes = new[] { "storage" } });
    /// await client.Cloud.CompleteConnectionAsync(aws.Tag, new Dictionary&lt;string, object&gt; { ["role_arn"] = roleArn });
    /// var validation = await client.Cloud.ValidateConnectionAsync(aws.Tag);
    /// </example>
    public sealed class CloudService
    {
        readonly ConnectionsService _connections;

        internal CloudService(ConnectionsService connections) { _connections = connections; }

        /// <summary>The tag a cloud connection named <paramref name="name"/> gets: <c>"Prod AWS"</c> → <c>prod_aws</c>.</summary>
        public static string CloudTag(string name) => Regex.Replace(name.Trim().ToLowerInvariant(), "[^a-z0-9_-]", "_");

        /// <summary>Creates a <c>pending</c> connection; for aws, <see cref="Connection.Setup"/> has the external id and trust policy.</summary>
        public Task<Connection> CreateConnectionAsync(CreateCloudConnectionRequest request, CancellationToken cancellationToken = default(CancellationToken)) =>
            _connections.CreateAsync(new CreateConnectionRequest
            {
                Tag = CloudTag(request.Name),
                Type = request.Provider,
                DisplayName = request.DisplayName ?? request.Name,
                Description = request.Description,
                Scopes = request.Scopes?.ToList(),
            }, cancellationToken);

        /// <summary>Sets credentials (<c>{role_arn}</c>, <c>{project_id, service_account_json}</c> …) → <c>unverified</c>.</summary>
        public Task<Connection> CompleteConnectionAsync(string cloudTag, IDictionary<string, object> input, CancellationToken cancellationToken = default(CancellationToken)) =>
            _connections.SetCredentialsAsync(cloudTag, input, cancellationToken);

        /// <summary>Tests the credentials: <c>active</c> with the account identifier, or <c>error</c> saying what to fix.</summary>
        public Task<Validation> ValidateConnectionAsync(string cloudTag, CancellationToken cancellationToken = default(CancellationToken)) =>
            _connections.ValidateAsync(cloudTag, cancellationToken);

        /// <summary>One cloud connection.</summary>
        public Task<Connection> FetchConnectionAsync(string cloudTag, CancellationToken cancellationToken = default(CancellationToken)) =>
            _connections.GetAsync(cloudTag, cancellationToken);

        /// <summary>Every cloud connection (of <paramref name="provider"/> when given), page by page.</summary>
        public AsyncPageable<Connection> ListConnections(string provider = null, int? limit = null) =>
            _connections.List(new ConnectionListOptions { Kind = "cloud", Type = provider, Limit = limit });

        /// <summary>Display name, description and scopes; the status is kept.</summary>
        public Task<Connection> UpdateConnectionAsync(string cloudTag, UpdateCloudConnectionRequest patch, CancellationToken cancellationToken = default(CancellationToken)) =>
            _connections.UpdateAsync(cloudTag, new UpdateConnectionRequest
            {
                DisplayName = patch.DisplayName,
                Description = patch.Description,
                Scopes = patch.Scopes?.ToList(),
            }, null, cancellationToken);

        /// <summary>Deletes; 409 <see cref="ConnectionInUseException"/> while components are linked, unless <paramref name="force"/>.</summary>
        public Task DeleteConnectionAsync(string cloudTag, bool force = false, CancellationToken cancellationToken = default(CancellationToken)) =>
            _connections.DeleteAsync(cloudTag, force, cancellationToken);
    }
}
