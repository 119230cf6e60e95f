using System.Collections.Generic;
using System.Globalization;

namespace Patchbay.Http
{
    /// <summary>Query, body and If-Match of one request; null query values are left out.</summary>
    internal sealed class ApiRequest
    {
        public ApiRequest(string method, string path)
        {
            Method = method;
            Path = path;
        }

        public string Method { get; }
        public string Path { get; }
        public object Body { get; set; }
        public long? IfMatch { get; set; }
        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        public ApiRequest WithQuery(string name, object value)
        {
            if (value == null) return this;
            var text = value is bool b ? (b ? "true" : "false") : System.Convert.ToString(value, CultureInfo.InvariantCulture);
            Query.Add(new KeyValuePair<string, string>(name, text));
            return this;
        }

        public ApiRequest WithBody(object body)
        {
            Body = body;
            return this;
        }

        /// <summary>GET, PUT and DELETE may be sent twice with the same effect; POST and PATCH may not.</summary>
        public bool IsIdempotent => Method == "GET" || Method == "PUT" || Method == "DELETE";
    }
}
