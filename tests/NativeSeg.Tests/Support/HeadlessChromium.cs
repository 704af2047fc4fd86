using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NativeSeg.Tests.Support;

/// <summary>
/// Debian's Chromium, headless with software WebGL (SwiftShader), driven over the DevTools protocol from this process.
/// Its network is off: every request goes to a proxy that does not exist, names resolve to nothing, and the page's
/// network is emulated offline. Everything the page does that a user should never see is collected in
/// <see cref="Problems"/>: console errors, uncaught exceptions, error log entries (CSP violations among them) and any
/// request for something other than a file, data: or blob: URL.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private readonly Process _process;
    private readonly TempFolder _profile = new();
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private string _session = "";
    private int _nextId;

    /// <summary>Installs Chromium when missing (as root on Debian), as the Slurm tests do; the one-line reason when it cannot.</summary>
    public static string? Ensure() => SystemPackages.Ensure(["chromium"], [Executable]);

    public HeadlessChromium(int width = 1280, int height = 900)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                     "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", $"--window-size={width},{height}",
                     $"--user-data-dir={_profile.Path}", "--remote-debugging-port=0", "about:blank",
                 })
            start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        string portFile = Path.Combine(_profile.Path, "DevToolsActivePort");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (_process.HasExited) throw new InvalidOperationException($"chromium exited ({_process.ExitCode}) before it listened");
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("chromium did not write DevToolsActivePort in 60 s");
            Thread.Sleep(100);
        }
        var lines = File.ReadAllLines(portFile);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"), CancellationToken.None).Wait(TimeSpan.FromSeconds(30));
        _receiver = Task.Run(Receive);
        string target = Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" })["targetId"]!.GetValue<string>();
        _session = Send("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }, browser: true)["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" }) Send(domain);
        Send("Network.emulateNetworkConditions", new JsonObject { ["offline"] = true, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1 });
        Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    public IReadOnlyList<string> Problems => _problems.ToList();

    /// <summary>Runs before any of the page's own scripts on every navigation (test hooks such as a recording alert).</summary>
    public void BeforeEveryPage(string script) => Send("Page.addScriptToEvaluateOnNewDocument", new JsonObject { ["source"] = script });

    public void Open(string url)
    {
        Send("Page.navigate", new JsonObject { ["url"] = url });
        WaitFor("document.readyState === 'complete'", TimeSpan.FromSeconds(60));
    }

    /// <summary>The value of a JavaScript expression (promises awaited); an exception in it fails the test.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"{expression}: {error.ToJsonString()}");
        return result["result"]!["value"];
    }

    public void WaitFor(string condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Evaluate($"!!({condition})")?.GetValue<bool>() != true)
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"'{condition}' still false after {timeout.TotalSeconds:0} s; problems: {string.Join(" | ", Problems)}");
            Thread.Sleep(100);
        }
    }

    /// <summary>A PNG of the element matching <paramref name="selector"/>, as the screen shows it.</summary>
    public byte[] Screenshot(string selector)
    {
        var box = Evaluate($"(() => {{ const r = document.querySelector({JsonSerializer.Serialize(selector)}).getBoundingClientRect(); " +
                           "return [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height]; })()")!.AsArray();
        var clip = new JsonObject { ["x"] = box[0]!.GetValue<double>(), ["y"] = box[1]!.GetValue<double>(), ["width"] = box[2]!.GetValue<double>(),
                                    ["height"] = box[3]!.GetValue<double>(), ["scale"] = 1 };
        var shot = Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["clip"] = clip, ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    private JsonNode Send(string method, JsonObject? parameters = null, bool browser = false)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browser && _session.Length > 0) message["sessionId"] = _session;
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        lock (_socket)
            _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).Wait();
        if (!done.Task.Wait(TimeSpan.FromSeconds(120))) throw new TimeoutException($"{method}: no answer from chromium in 120 s");
        var answer = done.Task.Result;
        if (answer["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return answer["result"]!;
    }

    private async Task Receive()
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiting)) waiting.SetResult(node);
                else if (node["method"]?.GetValue<string>() is { } method) Observe(method, node["params"]!);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    private void Observe(string method, JsonNode p)
    {
        string? Text(JsonNode? node) => node?.ToString();
        if (method == "Runtime.consoleAPICalled" && Text(p["type"]) is "error" or "assert")
            _problems.Enqueue("console error: " + string.Join(" ", p["args"]!.AsArray().Select(a => Text(a?["value"]) ?? Text(a?["description"]))));
        else if (method == "Runtime.exceptionThrown")
            _problems.Enqueue("exception: " + (Text(p["exceptionDetails"]?["exception"]?["description"]) ?? Text(p["exceptionDetails"]?["text"])));
        else if (method == "Log.entryAdded" && Text(p["entry"]?["level"]) == "error")
            _problems.Enqueue("log error (" + Text(p["entry"]!["source"]) + "): " + Text(p["entry"]!["text"]) + " " + Text(p["entry"]!["url"]));
        else if (method == "Network.requestWillBeSent" && Text(p["request"]?["url"]) is { } url && !LocalSchemes.Any(s => url.StartsWith(s, StringComparison.Ordinal)))
            _problems.Enqueue("network request: " + url);
        else if (method == "Network.loadingFailed" && p["blockedReason"] is { } reason)
            _problems.Enqueue("blocked request (" + Text(reason) + ")");
    }

    /// <summary>What a report may load: its own files and the bytes it already holds.</summary>
    private static readonly string[] LocalSchemes = ["file:", "data:", "blob:"];

    public void Dispose()
    {
        _stop.Cancel();
        try { _socket.Dispose(); } catch (ObjectDisposedException) { }
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } catch (InvalidOperationException) { }
        _process.Dispose();
        try { _receiver.Wait(5000); } catch (AggregateException) { }
        _profile.Dispose();
    }
}
