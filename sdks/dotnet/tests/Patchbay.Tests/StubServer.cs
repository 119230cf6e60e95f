using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Patchbay.Tests
{
    /// <summary>What the stub received.</summary>
    public sealed class Recorded
    {
        public string Method;
        public string Path;
        /// <summary>The request target as sent, with its escapes (%2F stays %2F).</summary>
        public string RawUrl;
        public string Query;
        public string Body;
        public Dictionary<string, string> Headers;
    }

    /// <summary>What the stub answers.</summary>
    public sealed class StubReply
    {
        public int Status = 200;
        public string Body = "{}";
        public int DelayMs;
        public Dictionary<string, string> Headers = new Dictionary<string, string>();

        public static StubReply Json(int status, string body) => new StubReply { Status = status, Body = body };

        public static StubReply Error(int status, string code, string message = "it failed", string details = null) =>
            Json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"" +
                (details != null ? ",\"details\":" + details : "") + "},\"request_id\":\"req-" + code + "\"}");

        public StubReply WithHeader(string name, string value)
        {
            Headers[name] = value;
            return this;
        }
    }

    /// <summary>A real HTTP server on a free loopback port (HttpListener) that answers with a handler and records requests.</summary>
    public sealed class StubServer : IDisposable
    {
        readonly HttpListener _listener = new HttpListener();
        readonly Func<Recorded, StubReply> _handler;
        readonly ConcurrentQueue<Recorded> _requests = new ConcurrentQueue<Recorded>();

        public StubServer(Func<Recorded, StubReply> handler)
        {
            _handler = handler;
            var port = FreePort();
            Url = "http://127.0.0.1:" + port;
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            Task.Run(AcceptLoop);
        }

        public string Url { get; }
        public List<Recorded> Requests => _requests.ToList();

        /// <summary>A client on this stub with fast retries and the given token.</summary>
        public PatchbayClient Client(string token = "pb_test", Action<PatchbayClientOptions> configure = null)
        {
            var options = new PatchbayClientOptions { BaseUrl = Url, Token = token, RetryDelay = TimeSpan.FromMilliseconds(5) };
            configure?.Invoke(options);
            return new PatchbayClient(options);
        }

        static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        async Task AcceptLoop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
#pragma warning disable 4014 // each request on its own task, so a slow answer does not block the others
                Task.Run(() => Serve(context));
#pragma warning restore 4014
            }
        }

        async Task Serve(HttpListenerContext context)
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var recorded = new Recorded
            {
                Method = request.HttpMethod,
                Path = request.Url.AbsolutePath,
                RawUrl = request.RawUrl,
                Query = request.Url.Query,
                Body = body,
                Headers = request.Headers.AllKeys.ToDictionary(k => k.ToLowerInvariant(), k => request.Headers[k]),
            };
            _requests.Enqueue(recorded);
            StubReply reply;
            try { reply = _handler(recorded); }
            catch (Exception e) { reply = StubReply.Json(599, "{\"stub\":\"" + e.GetType().Name + "\"}"); }
            if (reply.DelayMs > 0) await Task.Delay(reply.DelayMs).ConfigureAwait(false);
            try
            {
                var response = context.Response;
                response.StatusCode = reply.Status;
                foreach (var h in reply.Headers) response.AddHeader(h.Key, h.Value);
                var bytes = Encoding.UTF8.GetBytes(reply.Status == 204 ? "" : reply.Body ?? "");
                if (bytes.Length > 0) response.ContentType = "application/json";
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                response.Close();
            }
            catch (Exception) { /* the client gave up (timeout tests) */ }
        }

        public void Dispose()
        {
            try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Assert.ThrowsAsync for NUnit 2.6 (which has none): the exception must be T or derive from it.</summary>
    public static class AsyncAssert
    {
        public static async Task<T> ThrowsAsync<T>(Func<Task> call) where T : Exception
        {
            try
            {
                await call().ConfigureAwait(false);
            }
            catch (T e)
            {
                return e;
            }
            catch (Exception e)
            {
                NUnit.Framework.Assert.Fail("expected " + typeof(T).Name + " but got " + e.GetType().Name + ": " + e.Message);
            }
            NUnit.Framework.Assert.Fail("expected " + typeof(T).Name + " but the call succeeded");
            return null;
        }
    }
}
