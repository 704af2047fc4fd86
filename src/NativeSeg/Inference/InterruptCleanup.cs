using System.Runtime.InteropServices;
using NativeSeg.Imaging;

namespace NativeSeg.Inference;

/// <summary>
/// While registered, SIGINT/SIGTERM first delete the temporaries of the outputs being written and the lock file of the
/// case under way, then let the process end as it would have: an interrupted prediction leaves no partial files. (SIGKILL cannot be
/// caught; <see cref="PredictionRunner"/> removes such leftovers when the same outputs are predicted again.)
/// </summary>
public sealed class InterruptCleanup : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = new();
    private readonly object _gate = new();
    private IReadOnlyList<string> _inFlight = [];
    private string? _lock;

    public InterruptCleanup()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try { _registrations.Add(PosixSignalRegistration.Create(signal, _ => DeleteInFlight())); }
            catch (PlatformNotSupportedException) { }
        }
    }

    /// <summary>The outputs whose temporaries an interrupt should delete from now on.</summary>
    public void Writing(IReadOnlyList<string> outputs)
    {
        lock (_gate) _inFlight = outputs;
    }

    /// <summary>The <see cref="CaseLock"/> file an interrupt should delete from now on (null: none).</summary>
    public void Holding(string? lockPath)
    {
        lock (_gate) _lock = lockPath;
    }

    private void DeleteInFlight()
    {
        lock (_gate)
        {
            foreach (var path in _inFlight) AtomicFile.DeleteLeftovers(path);
            if (_lock is not null)
                try { File.Delete(_lock); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
