using System.Globalization;

namespace NativeSeg.Bench;

public static class Throughput
{
    public static string Gflops(double flops, double seconds) =>
        seconds > 0 ? (flops / seconds / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GFLOP/s" : "";
}
