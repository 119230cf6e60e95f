using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Patchbay.Tests.Scenarios
{
    /// <summary>
    /// The shared scenario suite (sdks/scenarios/*.json), one test case per file, run through the SDK's
    /// public methods against the server at PATCHBAY_URL. Without PATCHBAY_URL every case is skipped
    /// loudly, and fails when CI is set.
    /// </summary>
    [TestFixture]
    public class ScenarioTests
    {
        public static IEnumerable<TestCaseData> Files()
        {
            var dir = RepoFiles.ScenariosDir();
            var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList() : new List<string>();
            if (files.Count == 0) throw new InvalidOperationException($"no scenario files in {dir}");
            return files.Select(f => new TestCaseData(f).SetName("scenario " + Path.GetFileName(f)));
        }

        [Test, TestCaseSource("Files")]
        public async Task Scenario(string file)
        {
            var url = Environment.GetEnvironmentVariable("PATCHBAY_URL");
            if (string.IsNullOrEmpty(url))
            {
                var why = $"SKIPPED scenario {Path.GetFileName(file)}: PATCHBAY_URL is not set (run packages/server/test/sdks/dotnet.test.ts, which starts a server)";
                Console.Error.WriteLine(why);
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail(why + " — CI is set, so this is a failure");
                Assert.Ignore(why);
            }
            var scenario = JObject.Parse(File.ReadAllText(file));
            var vars = JObject.Parse(Environment.GetEnvironmentVariable("PATCHBAY_SCENARIO_VARS") ?? "{}");
            var runnerToken = Environment.GetEnvironmentVariable("PATCHBAY_RUNNER_TOKEN");
            var subst = new Substitution(vars, runnerToken);
            using (var admin = Client(url, Environment.GetEnvironmentVariable("PATCHBAY_TOKEN")))
            using (var runner = Client(url, runnerToken))
            {
                var steps = (JArray)scenario["steps"];
                Console.WriteLine($"scenario {Path.GetFileName(file)}: {scenario["name"]}");
                for (var i = 0; i < steps.Count; i++)
                    await Step(i + 1, (JObject)steps[i], (string)steps[i]["as"] == "runner" ? runner : admin, subst);
                Console.WriteLine($"scenario {Path.GetFileName(file)}: {steps.Count} steps passed");
            }
        }

        static PatchbayClient Client(string url, string token) =>
            new PatchbayClient(new PatchbayClientOptions { BaseUrl = url, Token = token, Timeout = TimeSpan.FromSeconds(60) });

        static async Task Step(int n, JObject step, PatchbayClient client, Substitution subst)
        {
            var op = (string)step["op"];
            var where = $"step {n} ({op}{((string)step["as"] == "runner" ? " as runner" : "")})";
            var args = (JObject)subst.Apply(step["args"]);
            var expectError = step["expect_error"] as JObject;
            JToken result = null;
            PatchbayException error = null;
            try
            {
                result = await Operations.Run(client, op, args);
            }
            catch (PatchbayException e)
            {
                error = e;
            }
            if (expectError != null)
            {
                if (error == null) Assert.Fail($"{where}: expected error {expectError["status"]} {expectError["code"]}, but the call succeeded: {result}");
                Assert.AreEqual((int)expectError["status"], error.Status, $"{where}: status ({error.Code}: {error.Message})");
                Assert.AreEqual((string)expectError["code"], error.Code, $"{where}: code ({error.Message})");
                Assert.IsFalse(string.IsNullOrEmpty(error.RequestId), $"{where}: the error has no request id");
                Console.WriteLine($"  {where} → {error.GetType().Name} {error.Status} {error.Code} (request {error.RequestId}): {error.Message}");
                return;
            }
            if (error != null) Assert.Fail($"{where}: {error.GetType().Name} {error.Status} {error.Code}: {error.Message} (request {error.RequestId})");
            if (result is JObject r && r["pages"] != null)
                Console.WriteLine($"  {where} → {((JArray)r["items"]).Count} items over {r["pages"]} pages");
            // mcs (Mono 6.8) crashes on `out var` inside async methods: plain lookups here
            if (step.Property("expect") != null)
            {
                var problems = Matcher.Match(subst.Apply(step["expect"]), result);
                if (problems.Count > 0) Assert.Fail($"{where}: {string.Join("; ", problems)}");
            }
            if (step["save"] is JObject save)
                foreach (var p in save.Properties()) subst.Save(p.Name, Substitution.At(result, (string)p.Value));
        }
    }
}
