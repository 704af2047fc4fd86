namespace NativeSeg.Experiments;

/// <summary>
/// The order in which a scheduler that gives every step its own process (experiment --workers) starts the steps of a
/// plan: a step is ready once every step it needs has finished, in plan order, as the in-process runner takes them.
/// A step held by another process (a second shell, a Slurm job) is asked again after a pause; a failed step is never
/// started again and the steps after it stay waiting, so the queue can end with steps left over.
/// </summary>
public sealed class StepQueue
{
    private readonly IReadOnlyList<(string Name, IReadOnlyList<string> After)> _steps;
    private readonly HashSet<string> _done = [], _running = [], _failed = [];
    private readonly Dictionary<string, DateTime> _notBefore = [];

    /// <param name="isDone">Whether an earlier run finished a step (its ledger marker): those are never started.</param>
    public StepQueue(IEnumerable<(string Name, IReadOnlyList<string> After)> steps, Func<string, bool> isDone)
    {
        _steps = steps.ToList();
        foreach (var (name, _) in _steps)
            if (isDone(name)) _done.Add(name);
    }

    /// <summary>Up to <paramref name="slots"/> steps that can start at <paramref name="now"/>, in plan order.</summary>
    public IReadOnlyList<string> Ready(int slots, DateTime now) =>
        _steps.Where(s => Waiting(s.Name) && s.After.All(_done.Contains) && (!_notBefore.TryGetValue(s.Name, out var t) || t <= now))
              .Select(s => s.Name).Take(Math.Max(0, slots)).ToList();

    public void Started(string step) => Move(step, _running);
    public void Finished(string step) => Move(step, _done);
    public void Failed(string step) => Move(step, _failed);

    /// <summary>The step could not start (another process holds it): it waits until <paramref name="notBefore"/>.</summary>
    public void Later(string step, DateTime notBefore)
    {
        _running.Remove(step);
        _notBefore[step] = notBefore;
    }

    public int Running => _running.Count;

    public bool AllDone => _steps.All(s => _done.Contains(s.Name));

    /// <summary>Steps that are neither finished nor failed, in plan order.</summary>
    public IReadOnlyList<string> Left => _steps.Select(s => s.Name).Where(n => !_done.Contains(n) && !_failed.Contains(n)).ToList();

    /// <summary>Nothing runs and nothing can start now or later: a failed step (or one after it) is all that is left.</summary>
    public bool Stuck => _running.Count == 0 && !AllDone && !_steps.Any(s => Waiting(s.Name) && s.After.All(_done.Contains));

    /// <summary>The earliest time a step that another process held may be asked again, if one is waiting for that.</summary>
    public DateTime? NextRetry => _notBefore.Where(p => Waiting(p.Key)).Select(p => (DateTime?)p.Value).Min();

    private bool Waiting(string step) => !_done.Contains(step) && !_running.Contains(step) && !_failed.Contains(step);

    private void Move(string step, HashSet<string> to)
    {
        if (!_steps.Any(s => s.Name == step)) throw new ArgumentException($"'{step}' is not a step of this plan", nameof(step));
        _running.Remove(step);
        _notBefore.Remove(step);
        to.Add(step);
    }
}
