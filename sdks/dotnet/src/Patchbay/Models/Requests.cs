using System.Collections.Generic;
using Newtonsoft.Json;

namespace Patchbay
{
    // Request bodies: unset (null) properties are left out of the JSON; nulls inside dictionaries are
    // kept, so a merge patch can remove a key with null.
#pragma warning disable 1591
    /// <summary>POST /v1/connections.</summary>
    public sealed class CreateConnectionRequest
    {
        [JsonProperty("tag")] public string Tag { get; set; }
        [JsonProperty("type")] public string Type { get; set; }
        [JsonProperty("display_name")] public string DisplayName { get; set; }
        [JsonProperty("description")] public string Description { get; set; }
        [JsonProperty("scopes")] public IList<string> Scopes { get; set; }
        [JsonProperty("value")] public IDictionary<string, object> Value { get; set; }
        [JsonProperty("secrets")] public IDictionary<string, object> Secrets { get; set; }

        public override string ToString() => $"CreateConnectionRequest({Tag}, {Type})";
    }

    /// <summary>PATCH /v1/connections/{tag}: metadata, and <c>Value</c> as a JSON merge patch (RFC 7396).</summary>
    public sealed class UpdateConnectionRequest
    {
        [JsonProperty("display_name")] public string DisplayName { get; set; }
        [JsonProperty("description")] public string Description { get; set; }
        [JsonProperty("scopes")] public IList<string> Scopes { get; set; }
        [JsonProperty("value")] public IDictionary<string, object> Value { get; set; }
    }

    /// <summary>client.Cloud.CreateConnectionAsync: the name becomes the tag (lower-cased, other characters as <c>_</c>).</summary>
    public sealed class CreateCloudConnectionRequest
    {
        /// <summary>
        /// The id of one of the server's cloud types, e.g. <c>aws</c>: <c>client.Types.ListAsync()</c>
        /// says which types have kind <c>cloud</c>.
        /// </summary>
        public string Provider { get; set; }
        public string Name { get; set; }
        public IList<string> Scopes { get; set; }
        public string DisplayName { get; set; }
        public string Description { get; set; }
    }

    /// <summary>client.Cloud.UpdateConnectionAsync: only metadata; tag and provider are fixed.</summary>
    public sealed class UpdateCloudConnectionRequest
    {
        public string DisplayName { get; set; }
        public string Description { get; set; }
        public IList<string> Scopes { get; set; }
    }

    /// <summary>POST /v1/components.</summary>
    public sealed class LinkComponentRequest
    {
        [JsonProperty("name")] public string Name { get; set; }
        [JsonProperty("kind")] public string Kind { get; set; }
        [JsonProperty("cloud")] public string Cloud { get; set; }
        [JsonProperty("resource")] public string Resource { get; set; }
        [JsonProperty("config")] public IDictionary<string, object> Config { get; set; }
    }

    /// <summary>POST /v1/tokens.</summary>
    public sealed class CreateTokenRequest
    {
        [JsonProperty("name")] public string Name { get; set; }
        [JsonProperty("role")] public string Role { get; set; }
        [JsonProperty("reveal")] public bool? Reveal { get; set; }
        [JsonProperty("expires_in_seconds")] public long? ExpiresInSeconds { get; set; }
    }

    /// <summary>PUT /v1/vault. The auth secrets are write-only; ToString never shows them.</summary>
    public sealed class VaultConfigRequest
    {
        [JsonProperty("address")] public string Address { get; set; }
        [JsonProperty("auth")] public VaultAuthRequest Auth { get; set; }
        [JsonProperty("namespace")] public string Namespace { get; set; }
        [JsonProperty("mount")] public string Mount { get; set; }
        [JsonProperty("kv_version")] public int? KvVersion { get; set; }
        [JsonProperty("ca_cert")] public string CaCert { get; set; }
        [JsonProperty("cache_ttl_seconds")] public int? CacheTtlSeconds { get; set; }
        [JsonProperty("timeout_ms")] public int? TimeoutMs { get; set; }

        public override string ToString() => $"VaultConfigRequest({Address}, {Auth})";
    }

    /// <summary><c>{method: "token", token}</c> or <c>{method: "approle", role_id, secret_id}</c>.</summary>
    public sealed class VaultAuthRequest
    {
        [JsonProperty("method")] public string Method { get; set; }
        [JsonProperty("token")] public string Token { get; set; }
        [JsonProperty("role_id")] public string RoleId { get; set; }
        [JsonProperty("secret_id")] public string SecretId { get; set; }

        public override string ToString() => $"VaultAuthRequest({Method})";
    }

    /// <summary>Filters of connection lists; Limit is the page size (1–500).</summary>
    public sealed class ConnectionListOptions
    {
        public string Type { get; set; }
        public string Kind { get; set; }
        public string Status { get; set; }
        public string Q { get; set; }
        public int? Limit { get; set; }
    }

    /// <summary>Filters of component lists.</summary>
    public sealed class ComponentListOptions
    {
        public string Cloud { get; set; }
        public string Kind { get; set; }
        public int? Limit { get; set; }
    }

    /// <summary>Filters of audit lists.</summary>
    public sealed class AuditListOptions
    {
        public string Tag { get; set; }
        public string Action { get; set; }
        public int? Limit { get; set; }
    }
#pragma warning restore 1591
}
