using System;
using Newtonsoft.Json.Linq;

namespace Patchbay
{
    /// <summary>
    /// Any failure of a Patchbay call. API errors (SPEC 2.1) carry the HTTP <see cref="Status"/>, the
    /// snake_case <see cref="Code"/>, the server's <see cref="RequestId"/> and <see cref="Details"/>;
    /// catch a subclass (<see cref="ConnectionNotFoundException"/>, <see cref="ConflictException"/> …)
    /// to handle one case. The token is never part of the message.
    /// </summary>
    /// <example>
    /// try { await client.Connections.GetAsync("library"); }
    /// catch (NotFoundException e) { Console.Error.WriteLine($"{e.Code} {e.Message} (request {e.RequestId})"); }
    /// </example>
    public class PatchbayException : Exception
    {
        /// <summary>HTTP status; 0 when no answer arrived (network error, timeout).</summary>
        public int Status { get; }
        /// <summary>SPEC 2.1 error code, e.g. <c>connection_not_found</c>.</summary>
        public string Code { get; }
        /// <summary>The server's request id, to find the cause in its log; null without an answer.</summary>
        public string RequestId { get; }
        /// <summary>e.g. <c>{fields: [...]}</c> for missing_input, <c>{issues: [...]}</c> for invalid_request.</summary>
        public JObject Details { get; }

        public PatchbayException(string message, int status, string code, string requestId = null,
            JObject details = null, Exception inner = null) : base(message, inner)
        {
            Status = status;
            Code = code;
            RequestId = requestId;
            Details = details;
        }

        public override string ToString() =>
            $"{GetType().FullName}: {Message} (status {Status}, code {Code}, request {RequestId ?? "-"})";
    }

    /// <summary>No answer arrived: the server is down or the base URL is wrong (status 0, code network_error).</summary>
    public class PatchbayNetworkException : PatchbayException
    {
        public PatchbayNetworkException(string message, Exception inner) : base(message, 0, "network_error", null, null, inner) { }
    }

    /// <summary>No answer within <see cref="PatchbayClientOptions.Timeout"/> (status 0, code timeout).</summary>
    public class PatchbayTimeoutException : PatchbayException
    {
        public PatchbayTimeoutException(string message) : base(message, 0, "timeout") { }
    }

    /// <summary>400 invalid_request: malformed JSON, schema violation, unknown property (details.issues).</summary>
    public class BadRequestException : PatchbayException
    {
        public BadRequestException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>401 unauthenticated: no token, or an unknown, revoked or expired one.</summary>
    public class UnauthenticatedException : PatchbayException
    {
        public UnauthenticatedException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>403: the token's role does not allow the call.</summary>
    public class ForbiddenException : PatchbayException
    {
        public ForbiddenException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>404: the named thing does not exist (in this workspace).</summary>
    public class NotFoundException : PatchbayException
    {
        public NotFoundException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>405 method_not_allowed: the path exists but not with this method (the Allow header lists its methods).</summary>
    public class MethodNotAllowedException : PatchbayException
    {
        public MethodNotAllowedException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>409: the call conflicts with the current state.</summary>
    public class ConflictException : PatchbayException
    {
        public ConflictException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>412 version_mismatch: the connection changed since the version given as If-Match.</summary>
    public class PreconditionFailedException : PatchbayException
    {
        public PreconditionFailedException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>422: the request is well-formed but its inputs cannot be used.</summary>
    public class UnprocessableException : PatchbayException
    {
        public UnprocessableException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>429 rate_limited: too many requests for this token (idempotent calls were retried).</summary>
    public class RateLimitedException : PatchbayException
    {
        public RateLimitedException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>502 vault_error and other bad-gateway answers (details.reason for Vault).</summary>
    public class UpstreamException : PatchbayException
    {
        public UpstreamException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>Other 5xx (internal_error): the server's log has the cause under <see cref="PatchbayException.RequestId"/>.</summary>
    public class ServerException : PatchbayException
    {
        public ServerException(ApiErrorInfo e) : base(e.Message, e.Status, e.Code, e.RequestId, e.Details) { }
    }

    /// <summary>What an error answer said; the argument of every typed exception's constructor.</summary>
    public sealed class ApiErrorInfo
    {
        public int Status { get; set; }
        public string Code { get; set; }
        public string Message { get; set; }
        public string RequestId { get; set; }
        public JObject Details { get; set; }
    }
}
