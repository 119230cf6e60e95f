using System;
using System.Net.Http;

namespace Patchbay
{
    /// <summary>
    /// How to reach a Patchbay server. <see cref="ToString"/> never shows the token.
    /// </summary>
    /// <example>
    /// var options = new PatchbayClientOptions { BaseUrl = "http://127.0.0.1:7300", Token = Environment.GetEnvironmentVariable("PATCHBAY_TOKEN") };
    /// </example>
    public sealed class PatchbayClientOptions
    {
        /// <summary>The server, e.g. <c>http://127.0.0.1:7300</c> (without <c>/v1</c>).</summary>
        public string BaseUrl { get; set; } = "http://127.0.0.1:7300";
        /// <summary>The API token (<c>pb_…</c>), sent as <c>Authorization: Bearer</c>.</summary>
        public string Token { get; set; }
        /// <summary>Budget of one attempt; a call that gets no answer in time throws <see cref="PatchbayTimeoutException"/>.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
        /// <summary>Retries of an idempotent call (GET, PUT, DELETE) answered 429 or 502; POST and PATCH never retry.</summary>
        public int MaxRetries { get; set; } = 3;
        /// <summary>First backoff delay when the answer has no Retry-After; doubles on each retry.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        /// <summary>Upper bound of one wait, also of a server's Retry-After.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>Optional handler (proxies, tests); the client owns an HttpClientHandler otherwise.</summary>
        public HttpMessageHandler Handler { get; set; }
        /// <summary>Optional log of each attempt (method, path, status, retry wait); never headers or bodies.</summary>
        public Action<string> Log { get; set; }

        /// <summary>A copy with PATCHBAY_URL and PATCHBAY_TOKEN from the environment where not set.</summary>
        public static PatchbayClientOptions FromEnvironment()
        {
            var url = Environment.GetEnvironmentVariable("PATCHBAY_URL");
            return new PatchbayClientOptions
            {
                BaseUrl = string.IsNullOrEmpty(url) ? "http://127.0.0.1:7300" : url,
                Token = Environment.GetEnvironmentVariable("PATCHBAY_TOKEN"),
            };
        }

        public override string ToString() =>
            $"PatchbayClientOptions(BaseUrl={BaseUrl}, Token={(string.IsNullOrEmpty(Token) ? "(none)" : "***")}, Timeout={Timeout}, MaxRetries={MaxRetries})";
    }
}
