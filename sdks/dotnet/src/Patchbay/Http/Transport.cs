using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Patchbay.Http
{
    /// <summary>
    /// The one transport of the client: JSON in and out, the bearer token, a timeout per attempt,
    /// retries of idempotent calls on 429/502 (Retry-After, else exponential backoff) and every failure
    /// as a <see cref="PatchbayException"/>. The token lives only in the Authorization header.
    /// </summary>
    internal sealed class Transport : IDisposable
    {
        static readonly MediaTypeWithQualityHeaderValue Json = new MediaTypeWithQualityHeaderValue("application/json");

        readonly HttpClient _http;
        readonly PatchbayClientOptions _options;
        readonly string _token;
        readonly Random _jitter = new Random();

        internal static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            // strings stay strings inside free-form values (inputs, output_value); typed dates still parse
            DateParseHandling = DateParseHandling.None,
            NullValueHandling = NullValueHandling.Ignore,
        };

        public Transport(PatchbayClientOptions options)
        {
            _options = options;
            _token = options.Token;
            BaseUrl = (options.BaseUrl ?? "").TrimEnd('/');
            if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
                throw new ArgumentException($"BaseUrl '{BaseUrl}' is not an absolute URL; give e.g. http://127.0.0.1:7300", nameof(options));
            _http = options.Handler != null ? new HttpClient(options.Handler, false) : new HttpClient();
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // our own timeout per attempt, below
        }

        public string BaseUrl { get; }

        /// <summary>Sends the request and reads the answer as T (default for 204 or an empty body).</summary>
        public async Task<T> SendAsync<T>(ApiRequest request, CancellationToken ct)
        {
            var text = await SendRawAsync(request, ct).ConfigureAwait(false);
            if (string.IsNullOrEmpty(text)) return default(T);
            try
            {
                return JsonConvert.DeserializeObject<T>(text, Settings);
            }
            catch (JsonException e)
            {
                throw new PatchbayException($"the server answered with something other than the expected JSON: {Clip(text)}", 200, "invalid_response", null, null, e);
            }
        }

        async Task<string> SendRawAsync(ApiRequest request, CancellationToken ct)
        {
            var url = BaseUrl + request.Path + QueryString(request);
            for (var attempt = 1; ; attempt++)
            {
                using (var message = Build(request, url))
                using (var response = await AttemptAsync(message, request, url, ct).ConfigureAwait(false))
                {
                    var text = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    Log($"{request.Method} {request.Path} -> {status} (attempt {attempt})");
                    if (status < 400) return text;
                    var retryable = request.IsIdempotent && (status == 429 || status == 502) && attempt <= _options.MaxRetries;
                    if (!retryable) throw ErrorFor(response, text);
                    var wait = RetryWait(response, attempt);
                    Log($"{request.Method} {request.Path}: retrying in {(long)wait.TotalMilliseconds} ms");
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                }
            }
        }

        HttpRequestMessage Build(ApiRequest request, string url)
        {
            var message = new HttpRequestMessage(new HttpMethod(request.Method), url);
            message.Headers.Accept.Add(Json);
            if (!string.IsNullOrEmpty(_token)) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            if (request.IfMatch.HasValue) message.Headers.TryAddWithoutValidation("If-Match", $"\"{request.IfMatch.Value}\"");
            if (request.Body != null)
                message.Content = new StringContent(JsonConvert.SerializeObject(request.Body, Settings), Encoding.UTF8, "application/json");
            return message;
        }

        async Task<HttpResponseMessage> AttemptAsync(HttpRequestMessage message, ApiRequest request, string url, CancellationToken ct)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(_options.Timeout);
                try
                {
                    return await _http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new PatchbayTimeoutException($"{request.Method} {url} got no answer within {_options.Timeout.TotalSeconds:0.###} s; raise PatchbayClientOptions.Timeout or check the server");
                }
                catch (HttpRequestException e)
                {
                    throw new PatchbayNetworkException($"could not reach Patchbay at {url} ({Redact(e.GetBaseException().Message)}); check that the server is running and that the base URL (PATCHBAY_URL) points at it", e);
                }
            }
        }

        /// <summary>Retry-After (seconds or a date) when given, else RetryDelay·2^(attempt-1) ±20 %; at most MaxRetryDelay.</summary>
        TimeSpan RetryWait(HttpResponseMessage response, int attempt)
        {
            var hint = response.Headers.RetryAfter;
            TimeSpan wait;
            if (hint?.Delta != null) wait = hint.Delta.Value;
            else if (hint?.Date != null) wait = hint.Date.Value - DateTimeOffset.UtcNow;
            else
            {
                double factor;
                lock (_jitter) factor = 0.8 + _jitter.NextDouble() * 0.4;
                wait = TimeSpan.FromMilliseconds(_options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * factor);
            }
            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            return wait > _options.MaxRetryDelay ? _options.MaxRetryDelay : wait;
        }

        PatchbayException ErrorFor(HttpResponseMessage response, string text)
        {
            var status = (int)response.StatusCode;
            JObject body = null;
            try { body = JsonConvert.DeserializeObject<JObject>(text, Settings); } catch (JsonException) { }
            var error = body?["error"] as JObject;
            var headerId = response.Headers.TryGetValues("x-request-id", out var ids) ? ids.FirstOrDefault() : null;
            var info = new ApiErrorInfo
            {
                Status = status,
                Code = (string)error?["code"] ?? $"http_{status}",
                Message = Redact((string)error?["message"] ?? $"the server answered HTTP {status}{(text.Length > 0 ? ": " + Clip(text) : "")}"),
                RequestId = (body?["request_id"] as JValue)?.Value as string ?? headerId,
                Details = RedactAll(error?["details"] as JObject),
            };
            return ErrorCodes.Create(info);
        }

        /// <summary>Whatever the server echoes, the token never reaches an exception message.</summary>
        string Redact(string text) =>
            string.IsNullOrEmpty(_token) || text == null ? text : text.Replace(_token, "[redacted]");

        /// <summary>Details are data a caller may log: the token is taken out of every string in them too.</summary>
        JObject RedactAll(JObject details)
        {
            if (details == null || string.IsNullOrEmpty(_token)) return details;
            foreach (var value in details.Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String).ToList())
                value.Value = Redact((string)value.Value);
            return details;
        }

        void Log(string line) => _options.Log?.Invoke(line);

        static string Clip(string text) => text.Length > 200 ? text.Substring(0, 200) + "…" : text;

        static string QueryString(ApiRequest request)
        {
            if (request.Query.Count == 0) return "";
            return "?" + string.Join("&", request.Query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        }

        /// <summary>One path segment, escaped so that a tag or id can never add a segment.</summary>
        public static string Segment(string value) =>
            Uri.EscapeDataString(value ?? throw new ArgumentNullException(nameof(value)));

        public void Dispose() => _http.Dispose();

        public override string ToString() => $"Transport({BaseUrl})";
    }
}
