using System.CommandLine;
using NativeSeg.Inference;

namespace NativeSeg.Cli.Commands;

/// <summary>
/// `nativeseg status --input IN --output OUT`: which cases of a (sharded) folder prediction are done, running, partial
/// or missing. Exit 0 when every case is done, 1 otherwise, so a script or a Slurm epilogue can check the merge.
/// </summary>
public sealed class StatusCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "the image folder that was predicted", Required = true };
        var output = new Option<string>("--output") { Description = "the prediction output folder", Required = true };
        var probabilities = new Option<bool>("--probabilities") { Description = "the prediction also writes probability maps" };
        var command = new Command("status", "Which cases of a folder prediction (e.g. predict --shard K/N) are done, running, partial or missing.");
        foreach (var o in new Option[] { input, output, probabilities }) command.Options.Add(o);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var states = PredictionStatus.Of(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(probabilities));
            foreach (var state in new[] { CaseState.Running, CaseState.Partial, CaseState.Missing })
            {
                var names = states.Where(s => s.State == state).Select(s => s.Case.Name).ToList();
                if (names.Count > 0) Console.Out.WriteLine($"{state.ToString().ToLowerInvariant()}: {string.Join(", ", names)}");
            }
            int done = states.Count(s => s.State == CaseState.Done);
            int Count(CaseState state) => states.Count(s => s.State == state);
            Console.Out.WriteLine($"{done} of {states.Count} case(s) done, {Count(CaseState.Running)} running, {Count(CaseState.Partial)} partial, " +
                                  $"{Count(CaseState.Missing)} missing");
            return done == states.Count ? 0 : 1;
        }));
        return command;
    }
}
