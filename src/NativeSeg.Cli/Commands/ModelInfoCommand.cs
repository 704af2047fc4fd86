using System.CommandLine;
using System.Globalization;
using NativeSeg.Nets;
using Spectre.Console;

namespace NativeSeg.Cli.Commands;

/// <summary>`nativeseg model-info DIR`: what a model folder holds, after loading its weights (so a damaged model is reported).</summary>
public sealed class ModelInfoCommand : ICliCommand
{
    public Command Build()
    {
        var dir = new Argument<string>("DIR") { Description = "model folder (model.json + weights.bin)" };
        var json = new Option<bool>("--json") { Description = "print model.json's configuration as JSON" };
        var command = new Command("model-info", "Show a trained model's kind, architecture, parameter count and training spacings.");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.SetAction(parse => UserError.Guard(() =>
        {
            var model = ModelDirectory.Load(parse.GetValue(dir)!);
            using var net = model.Net;
            if (parse.GetValue(json))
            {
                var o = ModelConfigJson.ToJson(model.Config);
                o["model"] = model.Config.Name;
                o["parameters"] = net.ParameterCount();
                Console.Out.WriteLine(o.ToJsonString(ModelConfigJson.LineOptions));
                return 0;
            }
            var table = new Table().AddColumns("field", "value");
            table.AddRow("model", model.Config.Name);
            table.AddRow("parameters", net.ParameterCount().ToString("N0", CultureInfo.InvariantCulture));
            foreach (var (key, value) in ModelConfigJson.ToJson(model.Config))
                if (value is not null) table.AddRow(key, Markup.Escape(value.ToJsonString(ModelConfigJson.LineOptions)));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
