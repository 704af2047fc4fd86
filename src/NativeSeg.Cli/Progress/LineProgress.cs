namespace NativeSeg.Cli.Progress;

/// <summary>Reports each step as one line on stderr, at once (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
public sealed class LineProgress : IProgress<string>
{
    public void Report(string value) => Console.Error.WriteLine(value);
}
