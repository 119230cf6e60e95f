using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Patchbay
{
    /// <summary>A named connection (task or cloud). Secret values are never part of it, only their names.</summary>
    [OpenApiSchema("Connection")]
    public sealed class Connection
    {
        [JsonProperty("tag")] public string Tag { get; set; }
        [JsonProperty("type")] public string Type { get; set; }
        /// <summary><c>task</c> or <c>cloud</c>.</summary>
        [JsonProperty("kind")] public string Kind { get; set; }
        [JsonProperty("display_name")] public string DisplayName { get; set; }
        [JsonProperty("description")] public string Description { get; set; }
        [JsonProperty("scopes")] public List<string> Scopes { get; set; }
        /// <summary>The non-secret inputs.</summary>
        [JsonProperty("value")] public JObject Value { get; set; }
        /// <summary>Names of the stored secret inputs.</summary>
        [JsonProperty("secret_fields")] public List<string> SecretFields { get; set; }
        [JsonProperty("vault")] public VaultReference Vault { get; set; }
        /// <summary><c>pending</c>, <c>unverified</c>, <c>active</c>, <c>error</c> or <c>revoked</c>.</summary>
        [JsonProperty("status")] public string Status { get; set; }
        [JsonProperty("status_message")] public string StatusMessage { get; set; }
        /// <summary>Grows with every change; give it as If-Match to update only what you read.</summary>
        [JsonProperty("version")] public long Version { get; set; }
        [JsonProperty("account_identifier")] public string AccountIdentifier { get; set; }
        /// <summary>For aws: <c>external_id</c> and <c>trust_policy</c> to paste into the IAM role.</summary>
        [JsonProperty("setup")] public JObject Setup { get; set; }
        [JsonProperty("created_at")] public DateTimeOffset CreatedAt { get; set; }
        [JsonProperty("updated_at")] public DateTimeOffset UpdatedAt { get; set; }
        [JsonProperty("last_validated_at")] public DateTimeOffset? LastValidatedAt { get; set; }
        [JsonProperty("last_checks")] public List<ValidationCheck> LastChecks { get; set; }

        public override string ToString() => $"Connection({Tag}, {Type}, {Status}, v{Version})";
    }

    /// <summary>The Vault secret attached to a connection.</summary>
    public sealed class VaultReference
    {
        [JsonProperty("path")] public string Path { get; set; }
        [JsonProperty("version", NullValueHandling = NullValueHandling.Ignore)] public int? Version { get; set; }
    }

    /// <summary>One check of a validation (e.g. sts:AssumeRole, git ls-remote).</summary>
    public sealed class ValidationCheck
    {
        [JsonProperty("name")] public string Name { get; set; }
        [JsonProperty("ok")] public bool Ok { get; set; }
        [JsonProperty("detail")] public string Detail { get; set; }
        [JsonProperty("duration_ms")] public double DurationMs { get; set; }
    }

    /// <summary>The result of validate: <c>active</c> when valid, <c>error</c> with a message otherwise.</summary>
    [OpenApiSchema("Validation")]
    public sealed class Validation
    {
        [JsonProperty("valid")] public bool Valid { get; set; }
        [JsonProperty("status")] public string Status { get; set; }
        [JsonProperty("message")] public string Message { get; set; }
        [JsonProperty("account_identifier")] public string AccountIdentifier { get; set; }
        [JsonProperty("checks")] public List<ValidationCheck> Checks { get; set; }
    }

    /// <summary>Merged inputs and where each came from (<c>connection</c>, <c>secret</c>, <c>vault:…</c>, <c>override</c>).</summary>
    [OpenApiSchema("Resolution")]
    public sealed class Resolution
    {
        [JsonProperty("tag")] public string Tag { get; set; }
        [JsonProperty("type")] public string Type { get; set; }
        /// <summary>Secret inputs are <c>********</c> unless reveal was asked and allowed.</summary>
        [JsonProperty("inputs")] public JObject Inputs { get; set; }
        [JsonProperty("sources")] public Dictionary<string, string> Sources { get; set; }

        // inputs may hold revealed secrets: never print them
        public override string ToString() => $"Resolution({Tag}, {Type}, {Sources?.Count ?? 0} inputs)";
    }

    /// <summary>The record of one connect call; <c>failed</c> executions are results too, not exceptions.</summary>
    [OpenApiSchema("Execution")]
    public sealed class Execution
    {
        [JsonProperty("id")] public string Id { get; set; }
        [JsonProperty("tag")] public string Tag { get; set; }
        [JsonProperty("type")] public string Type { get; set; }
        /// <summary><c>succeeded</c> or <c>failed</c>.</summary>
        [JsonProperty("status")] public string Status { get; set; }
        [JsonProperty("inputs")] public JObject Inputs { get; set; }
        [JsonProperty("output_value")] public JToken OutputValue { get; set; }
        [JsonProperty("error")] public ExecutionError Error { get; set; }
        [JsonProperty("started_at")] public DateTimeOffset StartedAt { get; set; }
        [JsonProperty("ended_at")] public DateTimeOffset EndedAt { get; set; }
        [JsonProperty("duration_ms")] public long DurationMs { get; set; }
        /// <summary>The connection's version the call ran with; null on records made before the server kept it.</summary>
        [JsonProperty("connection_version")] public long? ConnectionVersion { get; set; }

        public override string ToString() => $"Execution({Id}, {Tag}, {Status})";
    }

    /// <summary>Why a task failed.</summary>
    public sealed class ExecutionError
    {
        [JsonProperty("code")] public string Code { get; set; }
        [JsonProperty("message")] public string Message { get; set; }
    }

    /// <summary>A registered connection type and the JSON Schema of its inputs.</summary>
    [OpenApiSchema("ConnectionType")]
    public sealed class ConnectionType
    {
        [JsonProperty("id")] public string Id { get; set; }
        [JsonProperty("kind")] public string Kind { get; set; }
        [JsonProperty("display_name")] public string DisplayName { get; set; }
        /// <summary>What a sentence calls the type: <c>AWS</c>, <c>PostgreSQL</c>.</summary>
        [JsonProperty("short_name")] public string ShortName { get; set; }
        [JsonProperty("description")] public string Description { get; set; }
        [JsonProperty("input_schema")] public JObject InputSchema { get; set; }
        [JsonProperty("default_scopes")] public List<string> DefaultScopes { get; set; }
        [JsonProperty("commands")] public List<string> Commands { get; set; }
        /// <summary>
        /// Cloud types: what to do on the provider's side, one text a step, in a limited markup
        /// (<c>**bold**</c>, <c>`code`</c>, <c>_emphasis_</c>; nothing else). Empty for task types.
        /// </summary>
        [JsonProperty("setup_steps")] public List<string> SetupSteps { get; set; }
    }
}
