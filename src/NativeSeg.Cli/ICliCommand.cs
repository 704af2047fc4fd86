using System.CommandLine;

namespace NativeSeg.Cli;

/// <summary>One `nativeseg` verb. Implementations are found by reflection, so adding a verb touches one file.</summary>
public interface ICliCommand
{
    Command Build();
}
