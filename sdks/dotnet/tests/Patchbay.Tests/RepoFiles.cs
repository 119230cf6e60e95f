using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Patchbay.Tests
{
    /// <summary>Files of the repository the tests read: openapi.json, the server's error table, the scenarios.</summary>
    public static class RepoFiles
    {
        /// <summary>The repository root: PATCHBAY_REPO_ROOT, else the first parent of the test assembly or working directory holding openapi.json and sdks/.</summary>
        public static string Root()
        {
            var given = Environment.GetEnvironmentVariable("PATCHBAY_REPO_ROOT");
            if (!string.IsNullOrEmpty(given)) return given;
            foreach (var start in new[] { AppDomain.CurrentDomain.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "openapi.json")) && Directory.Exists(Path.Combine(dir.FullName, "sdks")))
                        return dir.FullName;
            }
            throw new InvalidOperationException("cannot find the repository root (openapi.json next to sdks/); set PATCHBAY_REPO_ROOT");
        }

        public static JObject OpenApi()
        {
            using (var reader = new JsonTextReader(new StreamReader(Path.Combine(Root(), "openapi.json"))) { DateParseHandling = DateParseHandling.None })
                return JObject.Load(reader);
        }

        /// <summary>code → status from ERROR_STATUS in packages/server/src/domain/errors.ts.</summary>
        public static Dictionary<string, int> ServerErrorTable()
        {
            var source = File.ReadAllText(Path.Combine(Root(), "packages", "server", "src", "domain", "errors.ts"));
            var table = Regex.Match(source, @"ERROR_STATUS\s*=\s*\{(?<body>[^}]*)\}");
            if (!table.Success) throw new InvalidOperationException("ERROR_STATUS not found in errors.ts");
            var codes = new Dictionary<string, int>();
            foreach (Match m in Regex.Matches(table.Groups["body"].Value, @"(?<code>[a-z_]+)\s*:\s*(?<status>\d{3})"))
                codes[m.Groups["code"].Value] = int.Parse(m.Groups["status"].Value);
            if (codes.Count == 0) throw new InvalidOperationException("ERROR_STATUS in errors.ts has no codes");
            return codes;
        }

        /// <summary>PATCHBAY_SCENARIOS_DIR, else the repository's sdks/scenarios.</summary>
        public static string ScenariosDir()
        {
            var given = Environment.GetEnvironmentVariable("PATCHBAY_SCENARIOS_DIR");
            return string.IsNullOrEmpty(given) ? Path.Combine(Root(), "sdks", "scenarios") : given;
        }
    }
}
