using System;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Patchbay.Tests.Scenarios
{
    /// <summary><c>${var}</c>, <c>${saved.name}</c> and <c>${token:runner}</c> in every string; a string that is exactly one keeps the value's JSON type.</summary>
    public sealed class Substitution
    {
        static readonly Regex Placeholder = new Regex(@"\$\{([^}]+)\}");
        readonly JObject _vars;
        readonly JObject _saved = new JObject();
        readonly string _runnerToken;

        public Substitution(JObject vars, string runnerToken)
        {
            _vars = vars;
            _runnerToken = runnerToken;
        }

        public void Save(string name, JToken value) => _saved[name] = value?.DeepClone() ?? JValue.CreateNull();

        public JToken Apply(JToken t)
        {
            if (t == null) return null;
            if (t is JObject o) return new JObject(o.Properties().Select(p => new JProperty(p.Name, Apply(p.Value))));
            if (t is JArray a) return new JArray(a.Select(Apply));
            if (t.Type != JTokenType.String) return t.DeepClone();
            var s = (string)t;
            var whole = Placeholder.Match(s);
            if (whole.Success && whole.Length == s.Length) return Lookup(whole.Groups[1].Value).DeepClone();
            return Placeholder.Replace(s, m =>
            {
                var v = Lookup(m.Groups[1].Value);
                return v.Type == JTokenType.String ? (string)v : v.ToString(Newtonsoft.Json.Formatting.None);
            });
        }

        JToken Lookup(string name)
        {
            if (name == "token:runner") return _runnerToken;
            if (name.StartsWith("saved.", StringComparison.Ordinal))
                return _saved[name.Substring(6)] ?? throw new InvalidOperationException($"${{{name}}}: nothing was saved under that name by an earlier step");
            return _vars[name] ?? throw new InvalidOperationException($"${{{name}}}: PATCHBAY_SCENARIO_VARS has no '{name}'");
        }

        /// <summary>The value at a dot path (<c>setup.external_id</c>, <c>items.0.id</c>).</summary>
        public static JToken At(JToken root, string path)
        {
            var t = root;
            foreach (var part in path.Split('.'))
            {
                if (t is JArray a && int.TryParse(part, out var i)) t = i < a.Count ? a[i] : null;
                else t = (t as JObject)?[part];
                if (t == null) throw new InvalidOperationException($"save: the result has nothing at '{path}'");
            }
            return t;
        }
    }
}
