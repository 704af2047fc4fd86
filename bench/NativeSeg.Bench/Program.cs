using NativeSeg.Bench;

// Usage: dotnet run -c Release --project bench/NativeSeg.Bench [suite-key ...]   (no key: every suite)
var suites = typeof(IBenchmarkSuite).Assembly.GetTypes()
    .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Key, StringComparer.Ordinal)
    .ToList();
var chosen = args.Length == 0 ? suites : suites.Where(s => args.Contains(s.Key)).ToList();
if (chosen.Count == 0)
{
    Console.Error.WriteLine($"no such suite; known: {string.Join(", ", suites.Select(s => s.Key))}");
    return 1;
}
string path = Path.Combine(BenchmarkRunner.RepoRoot, "BENCHMARKS.md");
bool written = false;
foreach (var suite in chosen)
{
    Console.WriteLine($"# {suite.Title}");
    var (section, rows) = BenchmarkRunner.RunSuite(suite, Console.WriteLine);
    // A suite that ran nothing (a filter that matched no case, a missing prerequisite) leaves its measured section alone.
    if (rows > 0)
    {
        BenchmarkRunner.WriteSection(path, suite.Title, section);
        written = true;
    }
    else Console.WriteLine("no case ran; its section is kept as it was");
}
if (written) Console.WriteLine($"written: {path}");
return 0;
