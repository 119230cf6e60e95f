using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Patchbay.Http;

namespace Patchbay
{
    /// <summary>
    /// The typed client of the Patchbay API. Every method throws a <see cref="PatchbayException"/>
    /// subclass on failure; list methods return an <see cref="AsyncPageable{T}"/>.
    /// </summary>
    /// <example>
    /// using var client = new PatchbayClient(new PatchbayClientOptions { BaseUrl = "http://127.0.0.1:7300", Token = token });
    /// var v2 = await client.ConnectAsync("library", new Dictionary&lt;string, object&gt; { ["ref"] = "v2" });
    /// Console.WriteLine($"{v2.Status} {v2.OutputValue}");
    /// </example>
    public sealed class PatchbayClient : IDisposable
    {
        readonly Transport _transport;

        public PatchbayClient(PatchbayClientOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            _transport = new Transport(options);
            Connections = new ConnectionsService(_transport);
            Cloud = new CloudService(Connections);
            Types = new TypesService(_transport);
            Executions = new ExecutionsService(_transport);
            Components = new ComponentsService(_transport);
            Vault = new VaultService(_transport);
            Tokens = new TokensService(_transport);
            Workspaces = new WorkspacesService(_transport);
            Audit = new AuditService(_transport);
            Session = new SessionService(_transport);
        }

        /// <summary>A client on <c>PATCHBAY_URL</c> (default http://127.0.0.1:7300) and <c>PATCHBAY_TOKEN</c>.</summary>
        public static PatchbayClient FromEnvironment() => new PatchbayClient(PatchbayClientOptions.FromEnvironment());

        /// <summary>The base URL requests go to.</summary>
        public string BaseUrl => _transport.BaseUrl;
        /// <summary>Named connections: create, update, credentials, validate, resolve, connect, revoke, delete, Vault.</summary>
        public ConnectionsService Connections { get; }
        /// <summary>The cloud lifecycle: Create/Complete/Validate/Fetch/List/Update/DeleteConnection.</summary>
        public CloudService Cloud { get; }
        public TypesService Types { get; }
        public ExecutionsService Executions { get; }
        public ComponentsService Components { get; }
        public VaultService Vault { get; }
        public TokensService Tokens { get; }
        public WorkspacesService Workspaces { get; }
        public AuditService Audit { get; }
        public SessionService Session { get; }

        /// <summary>Shortcut of <see cref="ConnectionsService.ConnectAsync"/>: runs the task with overrides.</summary>
        public Task<Execution> ConnectAsync(string tag, IDictionary<string, object> overrides = null, int? timeoutMs = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            Connections.ConnectAsync(tag, overrides, timeoutMs, cancellationToken);

        /// <summary>Shortcut of <see cref="ConnectionsService.ResolveAsync"/>: the merged inputs and their sources.</summary>
        public Task<Resolution> ResolveAsync(string tag, IDictionary<string, object> inputs = null, bool? reveal = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            Connections.ResolveAsync(tag, inputs, reveal, cancellationToken);

        public void Dispose() => _transport.Dispose();

        public override string ToString() => $"PatchbayClient({BaseUrl})";
    }
}
