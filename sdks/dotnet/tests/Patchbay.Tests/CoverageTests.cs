using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Patchbay.Tests
{
    /// <summary>Fails when the repository's openapi.json has an operation or a response field the SDK does not cover.</summary>
    [TestFixture]
    public class CoverageTests
    {
        static readonly string[] Methods = { "get", "post", "put", "patch", "delete" };

        static IEnumerable<MethodInfo> OperationMethods() =>
            typeof(PatchbayClient).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Where(m => m.GetCustomAttribute<OpenApiOperationAttribute>() != null);

        static string Key(OpenApiOperationAttribute a) => a.Method + " " + a.Path;

        [Test]
        public void EveryOperationOfOpenApiHasAMethod()
        {
            var spec = RepoFiles.OpenApi();
            var wanted = ((JObject)spec["paths"]).Properties()
                .SelectMany(p => ((JObject)p.Value).Properties().Where(m => Methods.Contains(m.Name)).Select(m => m.Name.ToUpperInvariant() + " " + p.Name))
                .ToList();
            var covered = OperationMethods().Select(m => Key(m.GetCustomAttribute<OpenApiOperationAttribute>())).ToList();
            var missing = wanted.Except(covered).ToList();
            var stale = covered.Except(wanted).ToList();
            Console.WriteLine("coverage: " + wanted.Count + " operations in openapi.json, " + covered.Distinct().Count() + " covered");
            Assert.IsEmpty(missing, "operations of openapi.json without an SDK method: " + string.Join(", ", missing));
            Assert.IsEmpty(stale, "SDK methods naming operations openapi.json does not have: " + string.Join(", ", stale));
            Assert.AreEqual(covered.Count, covered.Distinct().Count(), "two methods claim the same operation");
        }

        [Test]
        public void EveryResponseFieldOfOpenApiHasAProperty()
        {
            var schemas = (JObject)RepoFiles.OpenApi()["components"]["schemas"];
            var models = typeof(PatchbayClient).Assembly.GetTypes()
                .Where(t => t.GetCustomAttribute<OpenApiSchemaAttribute>() != null)
                .ToDictionary(t => t.GetCustomAttribute<OpenApiSchemaAttribute>().Name);
            var missing = new List<string>();
            var fields = 0;
            foreach (var schema in schemas.Properties())
            {
                if (!models.TryGetValue(schema.Name, out var type)) { missing.Add(schema.Name + " (no model)"); continue; }
                fields += Compare(schema.Name, (JObject)schema.Value, type, missing);
            }
            Console.WriteLine("coverage: " + schemas.Count + " schemas, " + fields + " fields checked");
            Assert.IsEmpty(missing, "fields of openapi.json the SDK models lack: " + string.Join(", ", missing));
        }

        /// <summary>Checks each property (recursing into objects, arrays and anyOf alternatives) against the model's JSON names.</summary>
        static int Compare(string where, JObject schema, Type type, List<string> missing)
        {
            var count = 0;
            foreach (var alternative in Alternatives(schema))
            {
                if (!(alternative["properties"] is JObject props)) continue;
                var byName = type.GetProperties().Where(p => p.GetCustomAttribute<JsonPropertyAttribute>() != null)
                    .ToDictionary(p => p.GetCustomAttribute<JsonPropertyAttribute>().PropertyName);
                foreach (var prop in props.Properties())
                {
                    count++;
                    if (!byName.TryGetValue(prop.Name, out var property)) { missing.Add(where + "." + prop.Name); continue; }
                    var inner = ModelType(property.PropertyType);
                    if (inner != null) count += Compare(where + "." + prop.Name, (JObject)prop.Value, inner, missing);
                }
            }
            return count;
        }

        static IEnumerable<JObject> Alternatives(JObject schema)
        {
            if (schema["items"] is JObject items) return Alternatives(items);
            if (schema["anyOf"] is JArray any) return any.OfType<JObject>().SelectMany(Alternatives);
            return new[] { schema };
        }

        /// <summary>The SDK model behind a property (List&lt;T&gt; → T), or null for JSON values and scalars.</summary>
        static Type ModelType(Type t)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)) t = t.GetGenericArguments()[0];
            return t.Namespace == "Patchbay" && t.IsClass ? t : null;
        }

        public static IEnumerable<TestCaseData> Operations() =>
            OperationMethods().Select(m => new TestCaseData(m).SetName("route " + Key(m.GetCustomAttribute<OpenApiOperationAttribute>()) + " " + m.DeclaringType.Name + "." + m.Name));

        /// <summary>Each method really sends its operation: called with placeholder arguments against a recording stub.</summary>
        [Test, TestCaseSource("Operations")]
        public async Task EachMethodSendsTheOperationItClaims(MethodInfo method)
        {
            var op = method.GetCustomAttribute<OpenApiOperationAttribute>();
            using (var stub = new StubServer(r => StubReply.Json(200, "{\"items\":[]}")))
            using (var client = stub.Client())
            {
                var service = typeof(PatchbayClient).GetProperties().Select(p => p.GetValue(client)).First(s => s != null && s.GetType() == method.DeclaringType);
                var result = method.Invoke(service, method.GetParameters().Select(Placeholder).ToArray());
                var pageable = result?.GetType().GetMethod("ToListAsync");
                var task = pageable != null ? (Task)pageable.Invoke(result, new object[] { CancellationToken.None }) : (Task)result;
                await task;
                Assert.AreEqual(1, stub.Requests.Count);
                var sent = stub.Requests[0];
                var template = "^" + Regex.Replace(Regex.Escape(op.Path), @"\\\{[a-z_]+}", "[^/]+") + "$";
                Assert.AreEqual(op.Method, sent.Method);
                StringAssert.IsMatch(template, sent.Path);
            }
        }

        static object Placeholder(ParameterInfo p)
        {
            var t = p.ParameterType;
            if (t == typeof(string)) return "x_1";
            if (t == typeof(CancellationToken)) return CancellationToken.None;
            if (t == typeof(IDictionary<string, object>)) return new Dictionary<string, object>();
            if (t.IsValueType) return Nullable.GetUnderlyingType(t) != null ? null : Activator.CreateInstance(t);
            return Activator.CreateInstance(t);
        }
    }
}
