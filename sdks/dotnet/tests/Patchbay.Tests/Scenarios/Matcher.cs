using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Patchbay.Tests.Scenarios
{
    /// <summary>
    /// The partial deep match of sdks/scenarios/README: given keys must match, objects recursively, arrays
    /// element-wise and by length; <c>$exists $regex $len $len_gte $ne $contains</c> stand in for values.
    /// </summary>
    public static class Matcher
    {
        public static List<string> Match(JToken expected, JToken actual)
        {
            var errors = new List<string>();
            Match(expected, actual, "$", errors);
            return errors;
        }

        static bool IsMatcher(JToken t) =>
            t is JObject o && o.Count > 0 && o.Properties().All(p => p.Name.StartsWith("$", StringComparison.Ordinal));

        static bool IsNull(JToken t) => t == null || t.Type == JTokenType.Null;

        static void Match(JToken expected, JToken actual, string path, List<string> errors)
        {
            if (IsMatcher(expected)) { Matchers((JObject)expected, actual, path, errors); return; }
            if (expected is JObject eo)
            {
                if (!(actual is JObject ao)) { errors.Add($"{path}: expected an object, got {Show(actual)}"); return; }
                foreach (var p in eo.Properties())
                {
                    var present = ao.TryGetValue(p.Name, out var value);
                    if (IsMatcher(p.Value) && ((JObject)p.Value)["$exists"] != null)
                    {
                        var want = (bool)p.Value["$exists"];
                        if (want != present) errors.Add($"{path}.{p.Name}: expected {(want ? "present" : "absent")}, got {(present ? Show(value) : "absent")}");
                        continue;
                    }
                    if (!present) { errors.Add($"{path}.{p.Name}: missing (expected {Show(p.Value)})"); continue; }
                    Match(p.Value, value, path + "." + p.Name, errors);
                }
                return;
            }
            if (expected is JArray ea)
            {
                if (!(actual is JArray aa)) { errors.Add($"{path}: expected an array, got {Show(actual)}"); return; }
                if (ea.Count != aa.Count) { errors.Add($"{path}: expected {ea.Count} elements, got {aa.Count}: {Show(aa)}"); return; }
                for (var i = 0; i < ea.Count; i++) Match(ea[i], aa[i], $"{path}[{i}]", errors);
                return;
            }
            if (!ScalarEquals(expected, actual)) errors.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
        }

        static void Matchers(JObject m, JToken actual, string path, List<string> errors)
        {
            foreach (var p in m.Properties())
            {
                switch (p.Name)
                {
                    case "$exists":
                        if ((bool)p.Value == IsNull(actual)) errors.Add($"{path}: expected {((bool)p.Value ? "a value" : "none")}, got {Show(actual)}");
                        break;
                    case "$regex":
                        if (actual?.Type != JTokenType.String || !Regex.IsMatch((string)actual, (string)p.Value))
                            errors.Add($"{path}: expected a string matching /{p.Value}/, got {Show(actual)}");
                        break;
                    case "$len":
                    case "$len_gte":
                        var n = Length(actual);
                        var want = (int)p.Value;
                        if (n == null || (p.Name == "$len" ? n != want : n < want))
                            errors.Add($"{path}: expected length {(p.Name == "$len" ? "" : ">= ")}{want}, got {Show(actual)}");
                        break;
                    case "$ne":
                        if (Match(p.Value, actual).Count == 0) errors.Add($"{path}: expected anything but {Show(p.Value)}");
                        break;
                    case "$contains":
                        if (!(actual is JArray arr) || !arr.Any(el => Match(p.Value, el).Count == 0))
                            errors.Add($"{path}: expected an element matching {Show(p.Value)}, got {Show(actual)}");
                        break;
                    default:
                        errors.Add($"{path}: unknown matcher {p.Name}");
                        break;
                }
            }
        }

        static int? Length(JToken t)
        {
            if (t is JArray a) return a.Count;
            if (t is JObject o) return o.Count;
            if (t?.Type == JTokenType.String) return ((string)t).Length;
            return null;
        }

        static bool ScalarEquals(JToken expected, JToken actual)
        {
            if (IsNull(expected) || IsNull(actual)) return IsNull(expected) && IsNull(actual);
            var numeric = new[] { JTokenType.Integer, JTokenType.Float };
            if (numeric.Contains(expected.Type) && numeric.Contains(actual.Type))
                return Convert.ToDecimal(((JValue)expected).Value, CultureInfo.InvariantCulture) == Convert.ToDecimal(((JValue)actual).Value, CultureInfo.InvariantCulture);
            return JToken.DeepEquals(expected, actual);
        }

        static string Show(JToken t)
        {
            if (t == null) return "nothing";
            var text = t.ToString(Newtonsoft.Json.Formatting.None);
            return text.Length > 300 ? text.Substring(0, 300) + "…" : text;
        }
    }
}
