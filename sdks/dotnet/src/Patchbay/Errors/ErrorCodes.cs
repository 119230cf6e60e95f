using System;
using System.Collections.Generic;

namespace Patchbay
{
    // One class per SPEC 2.1 code, each under the class of its HTTP status, so callers catch either.
#pragma warning disable 1591
    public class InvalidRequestException : BadRequestException { public InvalidRequestException(ApiErrorInfo e) : base(e) { } }
    public class OverrideForbiddenException : ForbiddenException { public OverrideForbiddenException(ApiErrorInfo e) : base(e) { } }
    public class ConnectionNotFoundException : NotFoundException { public ConnectionNotFoundException(ApiErrorInfo e) : base(e) { } }
    public class TypeNotFoundException : NotFoundException { public TypeNotFoundException(ApiErrorInfo e) : base(e) { } }
    public class ComponentNotFoundException : NotFoundException { public ComponentNotFoundException(ApiErrorInfo e) : base(e) { } }
    public class ExecutionNotFoundException : NotFoundException { public ExecutionNotFoundException(ApiErrorInfo e) : base(e) { } }
    public class VaultSecretNotFoundException : NotFoundException { public VaultSecretNotFoundException(ApiErrorInfo e) : base(e) { } }
    public class ConnectionExistsException : ConflictException { public ConnectionExistsException(ApiErrorInfo e) : base(e) { } }
    public class ConnectionInUseException : ConflictException { public ConnectionInUseException(ApiErrorInfo e) : base(e) { } }
    public class ConnectionRevokedException : ConflictException { public ConnectionRevokedException(ApiErrorInfo e) : base(e) { } }
    public class ConnectionNotActiveException : ConflictException { public ConnectionNotActiveException(ApiErrorInfo e) : base(e) { } }
    public class VaultNotConfiguredException : ConflictException { public VaultNotConfiguredException(ApiErrorInfo e) : base(e) { } }
    public class VersionMismatchException : PreconditionFailedException { public VersionMismatchException(ApiErrorInfo e) : base(e) { } }
    public class InvalidInputException : UnprocessableException { public InvalidInputException(ApiErrorInfo e) : base(e) { } }
    public class MissingInputException : UnprocessableException { public MissingInputException(ApiErrorInfo e) : base(e) { } }
    public class ImmutableFieldException : UnprocessableException { public ImmutableFieldException(ApiErrorInfo e) : base(e) { } }
    public class InvalidScopeException : UnprocessableException { public InvalidScopeException(ApiErrorInfo e) : base(e) { } }
    public class ScopeNotGrantedException : UnprocessableException { public ScopeNotGrantedException(ApiErrorInfo e) : base(e) { } }
    public class VaultKeyMissingException : UnprocessableException { public VaultKeyMissingException(ApiErrorInfo e) : base(e) { } }
    public class VaultErrorException : UpstreamException { public VaultErrorException(ApiErrorInfo e) : base(e) { } }
    public class InternalErrorException : ServerException { public InternalErrorException(ApiErrorInfo e) : base(e) { } }
#pragma warning restore 1591

    /// <summary>The SPEC 2.1 table: every error code with its HTTP status and exception class.</summary>
    public static class ErrorCodes
    {
        /// <summary>code → (status, factory); a code missing here falls back to the class of its status.</summary>
        public static readonly IReadOnlyDictionary<string, KeyValuePair<int, Func<ApiErrorInfo, PatchbayException>>> All =
            new Dictionary<string, KeyValuePair<int, Func<ApiErrorInfo, PatchbayException>>>
            {
                ["invalid_request"] = Entry(400, e => new InvalidRequestException(e)),
                ["unauthenticated"] = Entry(401, e => new UnauthenticatedException(e)),
                ["forbidden"] = Entry(403, e => new ForbiddenException(e)),
                ["override_forbidden"] = Entry(403, e => new OverrideForbiddenException(e)),
                ["connection_not_found"] = Entry(404, e => new ConnectionNotFoundException(e)),
                ["type_not_found"] = Entry(404, e => new TypeNotFoundException(e)),
                ["component_not_found"] = Entry(404, e => new ComponentNotFoundException(e)),
                ["execution_not_found"] = Entry(404, e => new ExecutionNotFoundException(e)),
                ["vault_secret_not_found"] = Entry(404, e => new VaultSecretNotFoundException(e)),
                ["not_found"] = Entry(404, e => new NotFoundException(e)),
                ["method_not_allowed"] = Entry(405, e => new MethodNotAllowedException(e)),
                ["connection_exists"] = Entry(409, e => new ConnectionExistsException(e)),
                ["connection_in_use"] = Entry(409, e => new ConnectionInUseException(e)),
                ["connection_revoked"] = Entry(409, e => new ConnectionRevokedException(e)),
                ["connection_not_active"] = Entry(409, e => new ConnectionNotActiveException(e)),
                ["vault_not_configured"] = Entry(409, e => new VaultNotConfiguredException(e)),
                ["version_mismatch"] = Entry(412, e => new VersionMismatchException(e)),
                ["invalid_input"] = Entry(422, e => new InvalidInputException(e)),
                ["missing_input"] = Entry(422, e => new MissingInputException(e)),
                ["immutable_field"] = Entry(422, e => new ImmutableFieldException(e)),
                ["invalid_scope"] = Entry(422, e => new InvalidScopeException(e)),
                ["scope_not_granted"] = Entry(422, e => new ScopeNotGrantedException(e)),
                ["vault_key_missing"] = Entry(422, e => new VaultKeyMissingException(e)),
                ["rate_limited"] = Entry(429, e => new RateLimitedException(e)),
                ["vault_error"] = Entry(502, e => new VaultErrorException(e)),
                ["internal_error"] = Entry(500, e => new InternalErrorException(e)),
            };

        /// <summary>The exception for an error answer: by code when known, else by status.</summary>
        public static PatchbayException Create(ApiErrorInfo info)
        {
            if (info.Code != null && All.TryGetValue(info.Code, out var entry) && entry.Key == info.Status)
                return entry.Value(info);
            return ByStatus(info);
        }

        static PatchbayException ByStatus(ApiErrorInfo e)
        {
            switch (e.Status)
            {
                case 400: return new BadRequestException(e);
                case 401: return new UnauthenticatedException(e);
                case 403: return new ForbiddenException(e);
                case 404: return new NotFoundException(e);
                case 405: return new MethodNotAllowedException(e);
                case 409: return new ConflictException(e);
                case 412: return new PreconditionFailedException(e);
                case 422: return new UnprocessableException(e);
                case 429: return new RateLimitedException(e);
                case 502: return new UpstreamException(e);
                default:
                    return e.Status >= 500
                        ? new ServerException(e)
                        : new PatchbayException(e.Message, e.Status, e.Code, e.RequestId, e.Details);
            }
        }

        static KeyValuePair<int, Func<ApiErrorInfo, PatchbayException>> Entry(int status, Func<ApiErrorInfo, PatchbayException> f) =>
            new KeyValuePair<int, Func<ApiErrorInfo, PatchbayException>>(status, f);
    }
}
