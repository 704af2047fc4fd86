using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Nifti;
using NativeSeg.Nets.Model;
using System.IO.Compression;
using NativeSeg.Imaging;
using NativeSeg.Tests.Cli;
using NativeSeg.Tests.Imaging;

namespace NativeSeg.Tests.Hostile;

/// <summary>
/// The hostile-input corpus, generated at test time: malformed NIfTI, absurd options, corrupt or hostile
/// model folders, broken datasets, routes that would overwrite an input, and commands that must not report a success
/// they did not have. <see cref="HostileCorpusTests"/> holds every case to the same invariants.
/// </summary>
public static class HostileCorpus
{
    public const string Nifti = "malformed NIfTI", Options = "absurd options", Model = "hostile model folders",
        Dataset = "broken datasets", Overwrite = "overwrite routes", FalseSuccess = "no false success";

    public static IReadOnlyList<HostileCase> Cases { get; } = [.. NiftiCases(), .. OptionCases(), .. ModelCases(), .. DatasetCases(), .. OverwriteCases(), .. FalseSuccessCases()];

    // ---- inputs ----

    private static Nifti1Bytes Small()
    {
        var b = new Nifti1Bytes { Dim = [3, 2, 2, 2, 1, 1, 1, 1] };
        b.Data = b.Float32Data(1, 2, 3, 4, 5, 6, 7, 8);
        return b;
    }

    private static string Image(TempFolder dir, string name = "scan.nii.gz")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dir.File(name))!);
        InferenceFiles.Write(dir.File(name), new Shape3(12, 10, 8), affine: Affine.Diagonal(Spacing.Isotropic(1)));
        return dir.File(name);
    }

    private static string Data(TempFolder dir)
    {
        BlobDataset.Write(dir.File("data"), 2, new Shape3(8, 8, 8), Spacing.Isotropic(1));
        return dir.File("data");
    }

    /// <summary>A tiny U-Net model folder whose model.json has <paramref name="field"/> replaced by <paramref name="hostile"/>.</summary>
    private static string EditedModel(TempFolder dir, string field, string hostile)
    {
        string model = PredictCommandTests.TinyModel(dir);
        string json = Path.Combine(model, ModelDirectory.ConfigFile);
        string text = File.ReadAllText(json);
        if (!text.Contains(field)) throw new InvalidOperationException($"model.json has no {field}: {text}");
        File.WriteAllText(json, text.Replace(field, hostile));
        return model;
    }

    private static HostileRun Info(string path, params string[] names) => new(["info", path], [path, .. names]);

    private static HostileRun Predict(TempFolder dir, string model, string input, params string[] extra) =>
        new(["predict", "--model", model, "--input", input, "--output", dir.File("out.nii.gz"), .. extra], [], dir.File("out.nii.gz"));

    /// <summary>A one-step tiny training run on a fresh dataset, <paramref name="extra"/> replacing the defaults it names.</summary>
    private static HostileRun Train(TempFolder dir, params string[] extra)
    {
        string[] defaults = ["--patch", "8", "--epochs", "1", "--steps-per-epoch", "1", "--features", "2", "--levels", "2"];
        var kept = defaults.Chunk(2).Where(pair => !extra.Contains(pair[0])).SelectMany(pair => pair);
        return new(["train", "--data", Data(dir), "--model", "unet", "--out", dir.File("m"), .. kept, .. extra], [], dir.File("m"));
    }

    private static HostileCase Case(string category, string name, Func<TempFolder, HostileRun> arrange) => new(category, name, arrange);

    // ---- categories ----

    private static IEnumerable<HostileCase> NiftiCases()
    {
        HostileCase Bytes(string name, string file, Action<Nifti1Bytes> spoil, string problem) => Case(Nifti, name, dir =>
        {
            var b = Small();
            spoil(b);
            return Info(b.Save(dir.File(file)), problem);
        });
        yield return Case(Nifti, "truncated header", dir =>
        {
            File.WriteAllBytes(dir.File("short.nii"), Small().ToBytes()[..100]);
            return Info(dir.File("short.nii"), "truncated file (expected 348 header bytes, got 100)");
        });
        yield return Case(Nifti, "truncated data", dir =>
        {
            File.WriteAllBytes(dir.File("short.nii"), Small().ToBytes()[..(352 + 20)]);
            return Info(dir.File("short.nii"), "truncated file");
        });
        yield return Bytes("wrong sizeof_hdr", "magic.nii", b => b.SizeofHdr = 1234, "wrong magic");
        yield return Bytes("bad magic", "magic.nii", b => b.Magic = "abc", "wrong magic 'abc'");
        yield return Bytes("hdr/img pair magic", "pair.nii", b => b.Magic = "ni1", "separate .hdr/.img");
        yield return Case(Nifti, "corrupt gzip", dir =>
        {
            var buffer = new MemoryStream();
            using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(Small().ToBytes());
            var bytes = buffer.ToArray();
            for (int i = 12; i < bytes.Length - 8; i++) bytes[i] ^= 0x5A;   // keep the signature, ruin the deflate data
            File.WriteAllBytes(dir.File("broken.nii.gz"), bytes);
            return Info(dir.File("broken.nii.gz"), "broken gzip");
        });
        yield return Case(Nifti, ".gz name on plain bytes", dir =>
        {
            File.WriteAllBytes(dir.File("plain.nii.gz"), Small().ToBytes());
            return Info(dir.File("plain.nii.gz"), "broken gzip");
        });
        yield return Bytes("dims larger than the data", "dims.nii.gz", b => b.Dim = [3, 10, 10, 10, 1, 1, 1, 1], "dims that do not match the data size");
        yield return Bytes("negative dim", "negdim.nii", b => b.Dim = [3, 2, -2, 2, 1, 1, 1, 1], "invalid dim[2] = -2");
        yield return Bytes("zero pixdim", "pixdim.nii", b => b.PixDim = [1, 1, 0, 1, 0, 0, 0, 0], "invalid pixdim[2] = 0");
        yield return Bytes("negative pixdim", "pixdim.nii", b => b.PixDim = [1, 1, -1.5f, 1, 0, 0, 0, 0], "invalid pixdim[2] = -1.5");
        yield return Bytes("NaN pixdim", "pixdim.nii", b => b.PixDim = [1, 1, float.NaN, 1, 0, 0, 0, 0], "invalid pixdim[2] = NaN");
        yield return Bytes("singular sform", "sform0.nii", b => b.SformCode = 1, "sform affine is singular");
        yield return Bytes("unknown datatype", "rgb.nii", b => b.DataType = 128, "unsupported datatype code 128");
        yield return Bytes("huge dims, NIfTI-1", "huge1.nii", b => b.Dim = [3, 32767, 32767, 32767, 1, 1, 1, 1], "image too large (32767x32767x32767 voxels)");
        yield return Case(Nifti, "huge dims, NIfTI-2 (2^21 cubed wraps a 32-bit byte count)", dir =>
        {
            long big = 1L << 21;
            var srows = new[] { new[] { 1.0, 0, 0, 0 }, new[] { 0, 1.0, 0, 0 }, new[] { 0, 0, 1.0, 0 } };
            File.WriteAllBytes(dir.File("huge2.nii"), Nifti2ByteBuiltTests.Build(false, 16, [3, big, big, big, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0, 0], 1, srows, new byte[32]));
            return Info(dir.File("huge2.nii"), "image too large (2097152x2097152x2097152 voxels)");
        });
        yield return Case(Nifti, "NIfTI-2 7D whose voxel count wraps a long to 0", dir =>
        {
            long big = 1L << 16;   // 2^16 ^ 4 = 2^64 volumes: the long product of dim[4..7] is 0
            var srows = new[] { new[] { 1.0, 0, 0, 0 }, new[] { 0, 1.0, 0, 0 }, new[] { 0, 0, 1.0, 0 } };
            File.WriteAllBytes(dir.File("wrap7d.nii"), Nifti2ByteBuiltTests.Build(false, 16, [7, 2, 2, 2, big, big, big, big], [1, 1, 1, 1, 1, 1, 1, 1], 1, srows, new byte[32]));
            return Info(dir.File("wrap7d.nii"), "image too large");
        });
        yield return Case(Nifti, "gzip bomb beyond its header's size", dir =>
        {
            // 8 voxels declared, 64 MiB of zeros behind them: about 64 KB on disk.
            string path = dir.File("bomb.nii.gz");
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Optimal))
            {
                gz.Write(Small().ToBytes());
                var zeros = new byte[1 << 20];
                for (int i = 0; i < 64; i++) gz.Write(zeros);
            }
            return Info(path, "inflates to more than");
        });
        yield return Case(Nifti, "missing file", dir => Info(dir.File("nothing.nii"), "file not found"));
        yield return Case(Nifti, "missing input to predict", dir => Predict(dir, PredictCommandTests.TinyModel(dir), dir.File("missing.nii.gz")) with { Names = [dir.File("missing.nii.gz"),
            "no such file or folder"] });
        yield return Case(Nifti, "volume index past a 3D image", dir => new(["info", Small().Save(dir.File("v.nii")), "--volume", "3"], [dir.File("v.nii"), "volume 3 does not exist"]));
        yield return Case(Nifti, "4D image where predict needs 3D", dir =>
        {
            var b = new Nifti1Bytes { Dim = [4, 2, 1, 1, 3, 1, 1, 1] };
            b.Data = b.Float32Data(0, 1, 10, 11, 20, 22);
            string four = b.Save(dir.File("four.nii.gz"));
            return Predict(dir, PredictCommandTests.TinyModel(dir), four) with { Names = [four, "4D"] };
        });
        yield return Case(Nifti, "NaN voxels into predict", dir =>
        {
            var b = Small();
            b.Data = b.Float32Data(1, float.NaN, 3, 4, 5, 6, 7, 8);
            string nan = b.Save(dir.File("nan.nii.gz"));
            return Predict(dir, PredictCommandTests.TinyModel(dir), nan) with { Names = [nan, "NaN or infinite"] };
        });
        yield return Case(Nifti, "NaN voxels into resample", dir =>
        {
            var b = Small();
            b.Data = b.Float32Data(1, float.NaN, 3, 4, 5, 6, 7, 8);
            string nan = b.Save(dir.File("nan.nii.gz"));
            return new(["resample", nan, "--out", dir.File("out.nii.gz"), "--spacing", "0.5"], [nan, "NaN or infinite"], dir.File("out.nii.gz"));
        });
    }

    private static IEnumerable<HostileCase> OptionCases()
    {
        HostileCase Resample(string spacing, string problem) => Case(Options, $"resample --spacing {spacing}", dir =>
            new(["resample", Small().Save(dir.File("small.nii")), "--out", dir.File("out.nii"), "--spacing", spacing], [problem], dir.File("out.nii")));
        yield return Resample("0.003", "more than 134217728; add --force");
        yield return Resample("0.000001", "more than 134217728");
        yield return Resample("0.000000000001", "would need");
        yield return Resample("0", "spacing");
        yield return Resample("NaN", "spacing");
        yield return Resample("1,1", "spacing");
        yield return Case(Options, "sample --shape 2000,2000,2000", dir =>
            new(["sample", "--out", dir.File("s.nii"), "--shape", "2000,2000,2000"], ["--shape"], dir.File("s.nii")));
        yield return Case(Options, "sample --shape 0,4,4", dir =>
            new(["sample", "--out", dir.File("s.nii"), "--shape", "0,4,4"], ["0,4,4"], dir.File("s.nii")));
        yield return Case(Options, "synth --fov 100000 mm", dir =>
            new(["synth", "--out", dir.File("syn"), "--preset", "tiny", "--fov", "100000,100000,100000"], ["--fov"], dir.File("syn")));
        yield return Case(Options, "synth --subjects -1", dir =>
            new(["synth", "--out", dir.File("syn"), "--preset", "tiny", "--subjects", "-1"], ["--subjects"], dir.File("syn")));
        foreach (var (option, value, problem) in new[]
                 {
                     ("--patch", "100000", "patch 100000"), ("--epochs", "0", "--epochs 0"), ("--patience", "-1", "--patience -1"),
                     ("--lr", "NaN", "--lr NaN"), ("--steps-per-epoch", "0", "--steps-per-epoch 0"), ("--levels", "50", "levels 50"),
                     ("--features", "100000", "features 100000"), ("--loss", "focal", "expected dice or ce-dice"),
                     ("--validation", "all", "expected patches or whole"), ("--grad-clip", "-1", "--grad-clip -1"),
                     ("--lr-radial", "0", "--lr-radial 0"), ("--grid-augment", "2", "--grid-augment 2"), ("--augment", "rot90", "--augment 'rot90'"), ("--grid-range", "2-1,1-6",
                         "--grid-range '2-1,1-6'"), ("--patch-mm", "0", "patch 0 mm"), ("--max-minutes", "-5", "--max-minutes -5"),
                     ("--fold", "1", "--fold and --splits go with --folds"),
                 })
            yield return Case(Options, $"train {option} {value}", dir => Train(dir, option, value) with { Names = [problem] });
        yield return Case(Options, "train --folds 1", dir => Train(dir, "--folds", "1", "--fold", "0") with { Names = ["--folds 1"] });
        yield return Case(Options, "train --fold 5 of 2", dir => Train(dir, "--folds", "2", "--fold", "5") with { Names = ["--fold 5"] });
        yield return Case(Options, "predict --threshold 2", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--threshold", "2") with { Names = ["--threshold 2"] });
        yield return Case(Options, "predict --model with no model", dir =>
            Predict(dir, Directory.CreateDirectory(dir.File("empty-models")).FullName, Image(dir)) with { Names = ["empty-models", "model.json"] });
        yield return Case(Options, "predict --patch 1", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--patch", "1") with { Names = ["--patch '1'"] });
        yield return Case(Options, "predict --overlap 1.5", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--overlap", "1.5") with { Names = ["--overlap"] });
        yield return Case(Options, "predict --window-mm -3", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--window-mm", "-3") with { Names = ["-3"] });
        yield return Case(Options, "predict --shard 3/2", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--shard", "3/2") with { Names = ["3/2"] });
        yield return Case(Options, "predict --inference-spacing for a unet", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--inference-spacing",
            "1") with { Names = ["--inference-spacing", "only a resolution-adaptive model"] });
        yield return Case(Options, "predict --inference-spacing 0", dir => Predict(dir, PredictCommandTests.TinyModel(dir, ModelKind.RaUNet), Image(dir), "--inference-spacing",
            "0") with { Names = ["spacing"] });
        yield return Case(Options, "predict --max-memory -1", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--max-memory", "-1") with { Names = ["--max-memory -1"] });
        yield return Case(Options, "predict --device tpu", dir => Predict(dir, PredictCommandTests.TinyModel(dir), Image(dir), "--device", "tpu") with { Names = ["tpu", "expected cpu or cuda"] });
        yield return Case(Options, "predict --output under a file", dir =>
        {
            File.WriteAllText(dir.File("blocker"), "x");
            return new(["predict", "--model", PredictCommandTests.TinyModel(dir), "--input", Image(dir), "--output", dir.File("blocker/o.nii.gz")],
                ["output folder is not writable"], dir.File("blocker/o.nii.gz"));
        });
        yield return Case(Options, "kernels --spacing 0,1,1", _ => new(["kernels", "--spacing", "0,1,1"], ["spacing"]));
        yield return Case(Options, "kernels --levels 50", _ => new(["kernels", "--spacing", "1", "--levels", "50"], ["levels"]));
        yield return Case(Options, "compare --alpha 2", dir =>
        {
            File.WriteAllText(dir.File("a.csv"), "case,group,dice\nx,all,0.5\n");
            File.WriteAllText(dir.File("b.csv"), "case,group,dice\nx,all,0.4\n");
            return new(["compare", "--results", dir.File("a.csv"), dir.File("b.csv"), "--alpha", "2"], ["--alpha"]);
        });
    }

    private static IEnumerable<HostileCase> ModelCases()
    {
        HostileCase Field(string field, string hostile, string problem) => Case(Model, $"model.json {hostile.TrimEnd(',')}", dir =>
        {
            string model = EditedModel(dir, field, hostile);
            return Predict(dir, model, Image(dir)) with { Names = [Path.Combine(model, ModelDirectory.ConfigFile), problem] };
        });
        yield return Field("\"features\": 2,", "\"features\": 100000,", "features 100000");
        yield return Field("\"kernel_mm\": 5,", "\"kernel_mm\": 1000000,", "kernel_mm 1000000");
        yield return Field("\"levels\": 2,", "\"levels\": 50,", "levels 50");
        yield return Field("\"training_spacings\": []", "\"training_spacings\": [[1, null, 1]]", "training_spacings");
        yield return Field("\"unet\"", "\"vnet\"", "vnet");
        // System.Text.Json reads an enum's number by default; model.json takes names only.
        yield return Field("\"architecture\": \"unet\"", "\"architecture\": 0", "architecture");
        yield return Field("\"level_spacing\": \"actual\"", "\"level_spacing\": 1", "level_spacing");
        yield return Case(Model, "model.json not JSON", dir =>
        {
            string model = PredictCommandTests.TinyModel(dir);
            File.WriteAllText(Path.Combine(model, ModelDirectory.ConfigFile), "{ not json");
            return Predict(dir, model, Image(dir)) with { Names = [Path.Combine(model, ModelDirectory.ConfigFile)] };
        });
        yield return Case(Model, "model.json missing", dir =>
        {
            string model = PredictCommandTests.TinyModel(dir);
            File.Delete(Path.Combine(model, ModelDirectory.ConfigFile));
            return Predict(dir, model, Image(dir)) with { Names = [Path.Combine(model, ModelDirectory.ConfigFile)] };
        });
        yield return Case(Model, "weights.bin missing", dir =>
        {
            string model = PredictCommandTests.TinyModel(dir);
            File.Delete(Path.Combine(model, ModelDirectory.WeightsFile));
            return Predict(dir, model, Image(dir)) with { Names = [ModelDirectory.WeightsFile, "weights file missing"] };
        });
        yield return Case(Model, "no model folder", dir => Predict(dir, dir.File("nowhere"), Image(dir)) with { Names = [dir.File("nowhere")] });
        yield return Case(Model, "truncated weights.bin", dir =>
        {
            string model = PredictCommandTests.TinyModel(dir), weights = Path.Combine(model, ModelDirectory.WeightsFile);
            File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..100]);
            return Predict(dir, model, Image(dir)) with { Names = [weights] };
        });
        yield return Case(Model, "another architecture's weights", dir =>
        {
            string model = PredictCommandTests.TinyModel(dir), weights = Path.Combine(model, ModelDirectory.WeightsFile);
            using (var wider = NetFactory.Create(new ModelConfig { Kind = ModelKind.UNet, Features = 3, Levels = 2, KernelVoxels = 3 })) wider.save(weights);
            string json = Path.Combine(model, ModelDirectory.ConfigFile);
            File.WriteAllText(json, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(json), "\"parameters\": \\d+,", ""));
            return Predict(dir, model, Image(dir)) with { Names = [weights] };
        });
        yield return Case(Model, "NaN weights", dir =>
        {
            string model = PredictCommandTests.TinyModel(dir);
            var loaded = ModelDirectory.Load(model);
            using (TorchSharp.torch.no_grad()) loaded.Net.parameters().Last().fill_(double.NaN);
            ModelDirectory.Save(model, loaded.Net, loaded.Config);
            loaded.Net.Dispose();
            return Predict(dir, model, Image(dir)) with { Names = [ModelDirectory.WeightsFile, "NaN or infinite"] };
        });
        yield return Case(Model, "a 0.001 mm image under an RA-U-Net asks for more memory than exists", dir =>
        {
            string model = PredictCommandTests.TinyModel(dir, ModelKind.RaUNet);
            var b = new Nifti1Bytes { Dim = [3, 40, 40, 40, 1, 1, 1, 1], PixDim = [1, 0.001f, 0.001f, 0.001f, 0, 0, 0, 0] };
            b.Data = new byte[40 * 40 * 40 * 4];
            string tiny = b.Save(dir.File("tiny-voxels.nii"));
            return Predict(dir, model, tiny, "--patch", "whole") with { Names = [tiny, "GiB"] };
        });
    }

    private static IEnumerable<HostileCase> DatasetCases()
    {
        HostileRun TrainOn(TempFolder dir, string data) =>
            new(["train", "--data", data, "--model", "unet", "--out", dir.File("m"), "--patch", "8", "--epochs", "1", "--steps-per-epoch", "1", "--features", "2", "--levels", "2"], [data],
                dir.File("m"));
        yield return Case(Dataset, "no training cases", dir =>
        {
            Directory.CreateDirectory(dir.File("empty/imagesTr"));
            File.WriteAllText(dir.File("empty/dataset.json"), "{}");
            return TrainOn(dir, dir.File("empty")) with { Names = ["no training cases"] };
        });
        yield return Case(Dataset, "no dataset folder", dir => TrainOn(dir, dir.File("absent")));
        yield return Case(Dataset, "train --resume from a truncated optimizer state", dir =>
        {
            var first = Train(dir);
            var (code, _, stderr) = CliCapture.Run(first.Args);
            if (code != 0) throw new InvalidOperationException(stderr);
            string optimizer = dir.File("m/checkpoint/optimizer.bin");
            File.WriteAllBytes(optimizer, File.ReadAllBytes(optimizer)[..40]);
            return new([.. first.Args.Select(a => a == "1" ? "2" : a), "--resume"], [optimizer, "cannot be resumed", "--out"]);
        });
        yield return Case(Dataset, "dataset.json not JSON", dir =>
        {
            string data = Data(dir);
            File.WriteAllText(Path.Combine(data, "dataset.json"), "{ nope");
            return TrainOn(dir, data) with { Names = ["dataset.json"] };
        });
        yield return Case(Dataset, "an image without its label", dir =>
        {
            string data = Data(dir);
            File.Delete(Path.Combine(data, "labelsTr", "case001.nii.gz"));
            return TrainOn(dir, data) with { Names = ["case001"] };
        });
        yield return Case(Dataset, "a label on another grid", dir =>
        {
            string data = Data(dir);
            var label = new Volume(new Shape3(4, 4, 4), new float[64], Spacing.Isotropic(2), Affine.Diagonal(Spacing.Isotropic(2)));
            NiftiWriter.WriteMask(label, new byte[64], Path.Combine(data, "labelsTr", "case001.nii.gz"));
            return TrainOn(dir, data) with { Names = ["case001"] };
        });
        yield return Case(Dataset, "cases.tsv garbage", dir =>
        {
            string data = Data(dir);
            File.WriteAllText(Path.Combine(data, NativeSeg.Data.CaseTable.FileName), "this\tis\nnot a case table\n");
            return TrainOn(dir, data) with { Names = [NativeSeg.Data.CaseTable.FileName] };
        });
        yield return Case(Dataset, "an unknown --groups name", dir => Train(dir, "--groups", "3d-7mm") with { Names = ["3d-7mm"] });
        yield return Case(Dataset, "a label value 3 in a binary task", dir =>
        {
            string data = Data(dir);
            string path = Path.Combine(data, "labelsTr", "case000.nii.gz");
            var label = NiftiReader.Read(path);
            var bytes = label.Voxels.Select(v => (byte)(v > 0 ? 3 : 0)).ToArray();
            NiftiWriter.WriteMask(label, bytes, path);
            return TrainOn(dir, data) with { Names = ["case000", "3"] };
        });
    }

    private static IEnumerable<HostileCase> OverwriteCases()
    {
        yield return Case(Overwrite, "predict into a symlink of the input folder", dir =>
        {
            Image(dir, "in/case.nii.gz");   // no channel suffix: its mask would be named case.nii.gz too
            Directory.CreateSymbolicLink(dir.File("link"), dir.File("in"));
            return new(["predict", "--model", PredictCommandTests.TinyModel(dir), "--input", dir.File("in"), "--output", dir.File("link")], ["would overwrite the input"]);
        });
        yield return Case(Overwrite, "predict --probabilities over an input file", dir =>
        {
            string input = Image(dir, "x_prob.nii.gz");
            return new(["predict", "--model", PredictCommandTests.TinyModel(dir), "--input", input, "--output", dir.File("x.nii.gz"), "--probabilities"],
                ["would overwrite the input"], dir.File("x.nii.gz"));
        });
        yield return Case(Overwrite, "predict --output = --input", dir =>
        {
            string input = Image(dir);
            return new(["predict", "--model", PredictCommandTests.TinyModel(dir), "--input", input, "--output", input], ["would overwrite the input"]);
        });
        yield return Case(Overwrite, "resample IN --out IN", dir =>
        {
            string input = Image(dir);
            return new(["resample", input, "--out", input, "--spacing", "2"], ["would overwrite the input"]);
        });
        yield return Case(Overwrite, "resample --out a symlink alias of IN", dir =>
        {
            string input = Image(dir);
            File.CreateSymbolicLink(dir.File("alias.nii.gz"), input);
            return new(["resample", input, "--out", dir.File("alias.nii.gz"), "--spacing", "2"], ["would overwrite the input"]);
        });
        yield return Case(Overwrite, "resample --out sub/../ its --like reference", dir =>
        {
            string input = Image(dir), reference = Image(dir, "ref.nii.gz");
            return new(["resample", input, "--out", dir.File("sub/../ref.nii.gz"), "--like", reference], ["would overwrite the input"]);
        });
        yield return Case(Overwrite, "evaluate --out over a truth mask", dir =>
        {
            var (pred, truth) = MaskPair(dir);
            string target = Path.Combine(truth, "a.nii.gz");
            return new(["evaluate", "--pred", pred, "--truth", truth, "--out", target], ["would overwrite the input"]);
        });
        yield return Case(Overwrite, "overlay --out over the image", dir =>
        {
            var (pred, truth) = MaskPair(dir);
            string image = Path.Combine(truth, "a.nii.gz");
            return new(["overlay", "--image", image, "--truth", image, "--pred", Path.Combine(pred, "a.nii.gz"), "--out", image], ["would overwrite the input"]);
        });
        yield return Case(Overwrite, "compare --plot-dir onto a results file's name", dir =>
        {
            File.WriteAllText(dir.File("a.csv"), "case,group,dice\nx,all,0.5\ny,all,0.6\n");
            File.WriteAllText(dir.File("b.csv"), "case,group,dice\nx,all,0.4\ny,all,0.7\n");
            return new(["compare", "--results", dir.File("a.csv"), dir.File("b.csv"), "--plot-dir", dir.File("a.csv")], [dir.File("a.csv")]);
        });
        // Outputs of an earlier run are not replaced unless the user says --overwrite.
        yield return Case(Overwrite, "evaluate --out over an earlier results file", dir =>
        {
            var (pred, truth) = MaskPair(dir);
            File.WriteAllText(dir.File("results.csv"), "an earlier evaluation");
            return new(["evaluate", "--pred", pred, "--truth", truth, "--out", dir.File("results.csv")], [dir.File("results.csv"), "--overwrite"]);
        });
        yield return Case(Overwrite, "overlay --out over an earlier picture", dir =>
        {
            var (pred, truth) = MaskPair(dir);
            File.WriteAllText(dir.File("o.png"), "an earlier picture");
            string image = Path.Combine(truth, "a.nii.gz");
            return new(["overlay", "--image", image, "--truth", image, "--pred", Path.Combine(pred, "a.nii.gz"), "--out", dir.File("o.png")], [dir.File("o.png"), "--overwrite"]);
        });
        yield return Case(Overwrite, "resample --out over an existing file", dir =>
        {
            string input = Image(dir);
            File.WriteAllText(dir.File("r.nii.gz"), "someone's file");
            return new(["resample", input, "--out", dir.File("r.nii.gz"), "--spacing", "2"], [dir.File("r.nii.gz"), "--overwrite"]);
        });
        yield return Case(Overwrite, "synth into a folder that holds a dataset", dir =>
        {
            Directory.CreateDirectory(dir.File("data/imagesTr"));
            File.WriteAllText(dir.File("data/cases.tsv"), "case\tgroup\n");
            return new(["synth", "--out", dir.File("data"), "--preset", "tiny"], [dir.File("data"), "not empty"]);
        });
        yield return Case(Overwrite, "predict over another model's prediction", dir =>
        {
            Image(dir, "in/a_0000.nii.gz");
            string first = PredictCommandTests.TinyModel(dir), second = PredictCommandTests.TinyModel(dir, ModelKind.UNet1mm);
            var (code, _, stderr) = CliCapture.Run("predict", "--model", first, "--input", dir.File("in"), "--output", dir.File("out"), "--patch", "8");
            if (code != 0) throw new InvalidOperationException(stderr);
            return new(["predict", "--model", second, "--input", dir.File("in"), "--output", dir.File("out"), "--patch", "8"], [dir.File("out/a.nii.gz"), "another model", "--overwrite"]);
        });
    }

    /// <summary>pred/a.nii.gz and truth/a.nii.gz: binary masks on one 6x5x4 grid.</summary>
    private static (string Pred, string Truth) MaskPair(TempFolder dir, Func<int, float>? prediction = null)
    {
        var grid = new Shape3(6, 5, 4);
        var reference = new Volume(grid, new float[grid.Count], Spacing.Isotropic(1), Affine.Diagonal(Spacing.Isotropic(1)));
        string pred = Directory.CreateDirectory(dir.File("pred")).FullName, truth = Directory.CreateDirectory(dir.File("truth")).FullName;
        var mask = new byte[grid.Count];
        mask[grid.Index(1, 1, 1)] = 1;
        NiftiWriter.WriteMask(reference, mask, Path.Combine(truth, "a.nii.gz"));
        if (prediction is null) NiftiWriter.WriteMask(reference, mask, Path.Combine(pred, "a.nii.gz"));
        else NiftiWriter.Write(new Volume(grid, Enumerable.Range(0, (int)grid.Count).Select(prediction).ToArray(), reference.Spacing, reference.Affine), Path.Combine(pred, "a.nii.gz"),
            NiftiDataType.Float32);
        return (pred, truth);
    }

    private static IEnumerable<HostileCase> FalseSuccessCases()
    {
        HostileCase Evaluate(string name, Func<int, float> prediction, string problem, params string[] extra) => Case(FalseSuccess, name, dir =>
        {
            var (pred, truth) = MaskPair(dir, prediction);
            return new(["evaluate", "--pred", pred, "--truth", truth, "--out", dir.File("r.csv"), .. extra], [Path.Combine(pred, "a.nii.gz"), problem], dir.File("r.csv"));
        });
        yield return Evaluate("evaluate a probability map without --threshold", i => i == 7 ? 0.9f : 0, "--threshold");
        yield return Evaluate("evaluate label 2 without --label", i => i == 7 ? 2 : 0, "--label");
        yield return Evaluate("evaluate NaN in a mask", i => i == 7 ? float.NaN : 0, "NaN", "--threshold", "0.5");
        yield return Case(FalseSuccess, "evaluate --truth an images folder", dir =>
        {
            var (pred, truth) = MaskPair(dir);
            File.Copy(Path.Combine(pred, "a.nii.gz"), Path.Combine(pred, "case_0014.nii.gz"));
            File.Copy(Path.Combine(pred, "a.nii.gz"), Path.Combine(pred, "case_0015.nii.gz"));
            Image(dir, "imagesTs/case_0014_0000.nii.gz");
            Image(dir, "imagesTs/case_0015_0000.nii.gz");
            return new(["evaluate", "--pred", pred, "--truth", dir.File("imagesTs"), "--out", dir.File("r.csv")], [dir.File("imagesTs"), "holds images", "labelsTs"], dir.File("r.csv"));
        });
        yield return Case(FalseSuccess, "evaluate a missing prediction", dir =>
        {
            var (pred, truth) = MaskPair(dir);
            File.Copy(Path.Combine(truth, "a.nii.gz"), Path.Combine(truth, "b.nii.gz"));
            return new(["evaluate", "--pred", pred, "--truth", truth, "--out", dir.File("r.csv")], ["no prediction", ": b"], dir.File("r.csv"));
        });
        yield return Case(FalseSuccess, "train --resume without a run", dir => Train(dir, "--resume") with { Names = ["--resume"] });
        yield return Case(FalseSuccess, "predict a folder without images", dir =>
        {
            Directory.CreateDirectory(dir.File("none"));
            return new(["predict", "--model", PredictCommandTests.TinyModel(dir), "--input", dir.File("none"), "--output", dir.File("out")], [dir.File("none")], dir.File("out"));
        });
        yield return Case(FalseSuccess, "compare results with no common case", dir =>
        {
            File.WriteAllText(dir.File("a.csv"), "case,group,dice\nx,all,0.5\n");
            File.WriteAllText(dir.File("b.csv"), "case,group,dice\ny,all,0.4\n");
            return new(["compare", "--results", dir.File("a.csv"), dir.File("b.csv")], ["no case in common"]);
        });
    }
}
