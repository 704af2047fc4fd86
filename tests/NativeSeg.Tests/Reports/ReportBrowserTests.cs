using NativeSeg.Reports;
using SkiaSharp;

namespace NativeSeg.Tests.Reports;

/// <summary>
/// The report in a real browser (Debian's Chromium, headless, software WebGL, network off): it loads without a console
/// error or a request leaving the page's folder, lists every case, draws the viewer, and an overlay toggle changes it.
/// </summary>
[Collection("Browser")]
public class ReportBrowserTests
{
    private const string Ready = "document.body.dataset.state === 'ready'";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static HeadlessChromium Browser()
    {
        Assert.Null(HeadlessChromium.Ensure());
        var browser = new HeadlessChromium();
        // Records instead of showing: an injected name that ran would leave its trace here.
        browser.BeforeEveryPage("window.__alerts = []; window.alert = m => window.__alerts.push(String(m));");
        return browser;
    }

    /// <summary>The hostile test data's report, written with <paramref name="viewer"/> and opened until it is ready.</summary>
    private static (HeadlessChromium Browser, ReportInput Input) Opened(TempFolder dir, ViewerScript viewer)
    {
        var input = ReportData.Write(dir.File("data"));
        var summary = HtmlReport.Write(input, dir.File("report"), viewer);
        var browser = Browser();
        browser.Open(new Uri(Path.GetFullPath(summary.Index)).AbsoluteUri);
        browser.WaitFor(Ready, Patience);
        return (browser, input);
    }

    [Fact]
    public void Report_OpensOffline_DrawsEachCase_AndAnOverlayToggleChangesThePicture()
    {
        using var dir = new TempFolder();
        var (browser, _) = Opened(dir, ViewerScript.Find());
        using var _ = browser;
        Assert.Equal("niivue", browser.Evaluate("document.body.dataset.viewer")!.GetValue<string>());
        Assert.Equal(ReportData.CaseNames.Length, browser.Evaluate("document.querySelectorAll('#cases tbody tr').length")!.GetValue<int>());
        var first = browser.Screenshot("#view");
        Assert.True(DrawnFraction(first) > 0.2, $"the viewer is blank: {DrawnFraction(first):0.000} of its pixels drawn");

        browser.Evaluate("document.querySelector('#cases tbody tr[data-case=\"1\"]').click()");
        browser.WaitFor($"document.body.dataset.case === '1' && {Ready}", Patience);
        var second = browser.Screenshot("#view");
        Assert.True(DrawnFraction(second) > 0.2, "the viewer is blank after selecting another case");
        Assert.True(ChangedFraction(first, second) > 0.01, "selecting another case left the picture as it was");

        browser.Evaluate("document.querySelector('#layers input[data-layer=\"0\"]').click()");   // the truth overlay off
        Thread.Sleep(500);
        var withoutTruth = browser.Screenshot("#view");
        double changed = ChangedFraction(second, withoutTruth);
        Assert.True(changed > 0.0005, $"toggling the truth overlay changed {changed:0.00000} of the pixels");

        Assert.Empty(browser.Problems);
        Assert.Equal(0, browser.Evaluate("window.__alerts.length")!.GetValue<int>());
    }

    [Fact]
    public void Names_ShowAsText_NeverAsMarkup()
    {
        using var dir = new TempFolder();
        var (browser, input) = Opened(dir, ViewerScript.Find());
        using var _ = browser;
        var shown = browser.Evaluate("Array.from(document.querySelectorAll('#cases tbody tr td:first-child')).map(td => td.textContent)")!
            .AsArray().Select(x => x!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ReportData.CaseNames.Order(StringComparer.Ordinal), shown);
        Assert.Equal(0, browser.Evaluate("document.querySelectorAll('main img:not(#picture):not(#boxplot), main b, main script, header b').length")!.GetValue<int>());
        Assert.Contains(ReportData.HostileModel, browser.Evaluate("document.querySelector('#cases thead').textContent")!.GetValue<string>());
        Assert.Equal(input.Title, browser.Evaluate("document.title")!.GetValue<string>());
        Assert.Equal(0, browser.Evaluate("window.__alerts.length")!.GetValue<int>());
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public void WithoutTheViewer_ThePageShowsStaticPicturesAndSaysWhy()
    {
        using var dir = new TempFolder();
        var (browser, _) = Opened(dir, ViewerScript.None("the viewer was left out on purpose"));
        using var _ = browser;
        Assert.Equal("static", browser.Evaluate("document.body.dataset.viewer")!.GetValue<string>());
        Assert.Contains("the viewer was left out on purpose", browser.Evaluate("document.getElementById('viewer-note').textContent")!.GetValue<string>());
        browser.WaitFor("document.getElementById('picture').complete && document.getElementById('picture').naturalWidth > 0", Patience);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public void AnyRequestLeavingThePage_IsCaught()
    {
        // The check above must be able to fail: a page that asks the network for an image, and one that breaks its CSP.
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("leak.html"), "<!doctype html><html><body><img src=\"http://example.org/pixel.png\"></body></html>");
        File.WriteAllText(dir.File("csp.html"), "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head>" +
                                                "<body><img src=\"leak.png\"></body></html>");
        using var browser = Browser();
        browser.Open(new Uri(dir.File("leak.html")).AbsoluteUri);
        Thread.Sleep(500);
        Assert.Contains(browser.Problems, p => p.Contains("example.org", StringComparison.Ordinal));
        using var second = Browser();
        second.Open(new Uri(dir.File("csp.html")).AbsoluteUri);
        Thread.Sleep(500);
        Assert.NotEmpty(second.Problems);
    }

    /// <summary>The share of pixels that are not the background (black) or a single flat colour.</summary>
    private static double DrawnFraction(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var pixels = bitmap.Pixels;
        return pixels.Count(p => p.Red + p.Green + p.Blue > 60) / (double)pixels.Length;
    }

    private static double ChangedFraction(byte[] a, byte[] b)
    {
        using var x = SKBitmap.Decode(a);
        using var y = SKBitmap.Decode(b);
        Assert.Equal((x.Width, x.Height), (y.Width, y.Height));
        var p = x.Pixels;
        var q = y.Pixels;
        return p.Zip(q).Count(t => Math.Abs(t.First.Red - t.Second.Red) + Math.Abs(t.First.Green - t.Second.Green) + Math.Abs(t.First.Blue - t.Second.Blue) > 30)
               / (double)p.Length;
    }
}
