using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Patchbay.Tests.Scenarios
{
    /// <summary>Converts a step's JSON args to method parameters; an arg the op does not know fails loudly.</summary>
    public sealed class Args
    {
        readonly JObject _a;
        readonly string _op;

        public Args(string op, JObject a, params string[] allowed)
        {
            _op = op;
            _a = a ?? new JObject();
            var unknown = _a.Properties().Select(p => p.Name).Except(allowed).ToList();
            if (unknown.Count > 0) throw new ArgumentException($"{op}: unknown args {string.Join(", ", unknown)} (the runner maps {string.Join(", ", allowed)})");
        }

        public string Str(string name) => (string)_a[name] ?? throw new ArgumentException($"{_op}: arg '{name}' is required");
        public string OptStr(string name) => (string)_a[name];
        public int? Int(string name) => _a[name] == null ? (int?)null : (int)_a[name];
        public long? Long(string name) => _a[name] == null ? (long?)null : (long)_a[name];
        public bool? Bool(string name) => _a[name] == null ? (bool?)null : (bool)_a[name];
        public List<string> Strs(string name) => _a[name]?.ToObject<List<string>>();

        public IDictionary<string, object> Dict(string name) => Dict(_a[name] as JObject);

        public JObject Obj(string name) => _a[name] as JObject;

        /// <summary>A JSON object as a dictionary; nested objects and arrays stay JSON values, which serialise unchanged.</summary>
        public static IDictionary<string, object> Dict(JObject o) =>
            o?.Properties().ToDictionary(p => p.Name, p => p.Value is JValue v ? v.Value : (object)p.Value);

        /// <summary>The args as a request model whose [JsonProperty] names are the wire names; unknown keys fail.</summary>
        public static T Model<T>(string op, JObject o)
        {
            var names = typeof(T).GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName).Where(n => n != null).ToArray();
            var unknown = (o ?? new JObject()).Properties().Select(p => p.Name).Except(names).ToList();
            if (unknown.Count > 0) throw new ArgumentException($"{op}: {typeof(T).Name} has no {string.Join(", ", unknown)}");
            return (o ?? new JObject()).ToObject<T>();
        }
    }
}
