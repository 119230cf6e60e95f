using System;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Patchbay
{
    /// <summary>A consumer (bucket, queue, database …) linked to a cloud connection.</summary>
    [OpenApiSchema("Component")]
    public sealed class Component
    {
        [JsonProperty("name")] public string Name { get; set; }
        [JsonProperty("kind")] public string Kind { get; set; }
        /// <summary>The tag of the cloud connection.</summary>
        [JsonProperty("cloud")] public string Cloud { get; set; }
        [JsonProperty("resource")] public string Resource { get; set; }
        [JsonProperty("config")] public JObject Config { get; set; }
        [JsonProperty("created_at")] public DateTimeOffset CreatedAt { get; set; }
    }

    /// <summary>An API token. <see cref="Secret"/> is set only in the answer of create; ToString never shows it.</summary>
    [OpenApiSchema("Token")]
    public sealed class Token
    {
        [JsonProperty("id")] public string Id { get; set; }
        [JsonProperty("name")] public string Name { get; set; }
        /// <summary><c>viewer</c>, <c>runner</c>, <c>editor</c> or <c>admin</c>.</summary>
        [JsonProperty("role")] public string Role { get; set; }
        [JsonProperty("reveal")] public bool Reveal { get; set; }
        [JsonProperty("created_at")] public DateTimeOffset CreatedAt { get; set; }
        [JsonProperty("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }
        [JsonProperty("revoked_at")] public DateTimeOffset? RevokedAt { get; set; }
        /// <summary>The bearer secret (<c>pb_…</c>), shown once, on create.</summary>
        [JsonProperty("token", NullValueHandling = NullValueHandling.Ignore)] public string Secret { get; set; }

        public override string ToString() => $"Token({Id}, {Name}, {Role}{(Secret != null ? ", secret ***" : "")})";
    }

    /// <summary>A tenant.</summary>
    [OpenApiSchema("Workspace")]
    public sealed class Workspace
    {
        [JsonProperty("name")] public string Name { get; set; }
        [JsonProperty("created_at")] public DateTimeOffset CreatedAt { get; set; }
    }

    /// <summary>A new workspace and its first admin token (with its secret).</summary>
    public sealed class CreatedWorkspace
    {
        [JsonProperty("workspace")] public Workspace Workspace { get; set; }
        [JsonProperty("token")] public Token Token { get; set; }
    }

    /// <summary>One audit event; events form a hash chain.</summary>
    [OpenApiSchema("AuditEvent")]
    public sealed class AuditEvent
    {
        [JsonProperty("id")] public string Id { get; set; }
        [JsonProperty("seq")] public long Seq { get; set; }
        [JsonProperty("at")] public DateTimeOffset At { get; set; }
        [JsonProperty("actor")] public string Actor { get; set; }
        [JsonProperty("action")] public string Action { get; set; }
        [JsonProperty("tag")] public string Tag { get; set; }
        [JsonProperty("outcome")] public string Outcome { get; set; }
        [JsonProperty("request_id")] public string RequestId { get; set; }
        [JsonProperty("details")] public JObject Details { get; set; }
        [JsonProperty("prev_hash")] public string PrevHash { get; set; }
        [JsonProperty("hash")] public string Hash { get; set; }
    }

    /// <summary>Whether the audit chain is intact; <c>Seq</c> and <c>Reason</c> name the first broken link.</summary>
    public sealed class AuditVerification
    {
        [JsonProperty("ok")] public bool Ok { get; set; }
        [JsonProperty("count")] public long? Count { get; set; }
        [JsonProperty("seq")] public long? Seq { get; set; }
        [JsonProperty("reason")] public string Reason { get; set; }
    }

    /// <summary>Who is calling.</summary>
    [OpenApiSchema("Session")]
    public sealed class Session
    {
        [JsonProperty("workspace")] public string Workspace { get; set; }
        [JsonProperty("token_id")] public string TokenId { get; set; }
        [JsonProperty("token_name")] public string TokenName { get; set; }
        [JsonProperty("role")] public string Role { get; set; }
        [JsonProperty("reveal")] public bool Reveal { get; set; }
    }

    /// <summary>The workspace's Vault integration as stored; secret parts only as <c>*_set</c> flags.</summary>
    [OpenApiSchema("VaultConfig")]
    public sealed class VaultConfig
    {
        [JsonProperty("address")] public string Address { get; set; }
        [JsonProperty("namespace")] public string Namespace { get; set; }
        [JsonProperty("mount")] public string Mount { get; set; }
        [JsonProperty("kv_version")] public int KvVersion { get; set; }
        [JsonProperty("ca_cert")] public string CaCert { get; set; }
        [JsonProperty("cache_ttl_seconds")] public int CacheTtlSeconds { get; set; }
        [JsonProperty("timeout_ms")] public int TimeoutMs { get; set; }
        [JsonProperty("auth")] public VaultAuthInfo Auth { get; set; }
        [JsonProperty("version")] public long Version { get; set; }
        [JsonProperty("updated_at")] public string UpdatedAt { get; set; }
    }

    /// <summary>The stored Vault auth: <c>token</c> (TokenSet) or <c>approle</c> (RoleId, SecretIdSet).</summary>
    public sealed class VaultAuthInfo
    {
        [JsonProperty("method")] public string Method { get; set; }
        [JsonProperty("token_set", NullValueHandling = NullValueHandling.Ignore)] public bool? TokenSet { get; set; }
        [JsonProperty("role_id", NullValueHandling = NullValueHandling.Ignore)] public string RoleId { get; set; }
        [JsonProperty("secret_id_set", NullValueHandling = NullValueHandling.Ignore)] public bool? SecretIdSet { get; set; }
    }

    /// <summary>What <c>vault check</c> found: reachable, unsealed, credentials accepted.</summary>
    [OpenApiSchema("VaultCheck")]
    public sealed class VaultCheck
    {
        [JsonProperty("reachable")] public bool Reachable { get; set; }
        [JsonProperty("initialized")] public bool Initialized { get; set; }
        [JsonProperty("sealed")] public bool Sealed { get; set; }
        [JsonProperty("authenticated")] public bool Authenticated { get; set; }
        [JsonProperty("version", NullValueHandling = NullValueHandling.Ignore)] public string Version { get; set; }
        [JsonProperty("message")] public string Message { get; set; }
        [JsonProperty("reason", NullValueHandling = NullValueHandling.Ignore)] public string Reason { get; set; }
    }

    /// <summary>The body of every error answer (SPEC 2.1); the client turns it into a <see cref="PatchbayException"/>.</summary>
    [OpenApiSchema("Error")]
    public sealed class ApiError
    {
        [JsonProperty("error")] public ApiErrorBody Error { get; set; }
        [JsonProperty("request_id")] public string RequestId { get; set; }
    }

    /// <summary>code, message and details of an error answer.</summary>
    public sealed class ApiErrorBody
    {
        [JsonProperty("code")] public string Code { get; set; }
        [JsonProperty("message")] public string Message { get; set; }
        [JsonProperty("details")] public JObject Details { get; set; }
    }
}
