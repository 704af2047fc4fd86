using System.Text;
using NativeSeg.Imaging;

namespace NativeSeg.Data;

/// <summary>
/// An nnU-Net raw dataset as a BIDS dataset: every image becomes sub-&lt;case&gt;/anat/sub-&lt;case&gt;_FLAIR.nii.gz, every label
/// derivatives/truth/sub-&lt;case&gt;/anat/sub-&lt;case&gt;_label-lesion_mask.nii.gz, and participants.tsv keeps each case's group
/// and split (train or test). Files are moved, not copied: the nnU-Net folder is a scratch folder.
/// </summary>
public static class BidsExport
{
    public const string TruthPipeline = "truth";

    public static int FromNnUNet(string nnunet, string bids, string version)
    {
        var groups = File.Exists(Path.Combine(nnunet, CaseTable.FileName))
            ? CaseTable.Read(Path.Combine(nnunet, CaseTable.FileName)).ToDictionary(c => c.Case, c => c.Group)
            : [];
        Bids.WriteDescription(bids, "NativeSeg synthetic MS FLAIR phantoms");
        string truth = Path.Combine(bids, "derivatives", TruthPipeline);
        Bids.WriteDescription(truth, "NativeSeg phantom lesion truth", version, "the phantom's exact lesion masks");
        var participants = new StringBuilder("participant_id\tgroup\tsplit\n");
        int count = 0;
        foreach (var (split, suffix) in new[] { ("train", "Tr"), ("test", "Ts") })
        {
            string images = Path.Combine(nnunet, "images" + suffix);
            if (!Directory.Exists(images)) continue;
            foreach (var image in Directory.EnumerateFiles(images, "*" + NnUNetNames.Extension).Order(StringComparer.Ordinal))
            {
                string name = NnUNetNames.WithoutChannel(NnUNetNames.Stem(image));
                var target = new BidsImage(Bids.Label(name), null, $"sub-{Bids.Label(name)}", "");
                string anat = Path.Combine(bids, $"sub-{target.Subject}", "anat");
                Directory.CreateDirectory(anat);
                File.Move(image, Path.Combine(anat, $"{target.Prefix}_FLAIR.nii.gz"));
                string label = Path.Combine(nnunet, "labels" + suffix, NnUNetNames.MaskFile(name));
                if (File.Exists(label))
                {
                    string mask = Bids.DerivativePath(truth, target, Bids.MaskSuffix);
                    Directory.CreateDirectory(Path.GetDirectoryName(mask)!);
                    File.Move(label, mask);
                }
                participants.Append($"sub-{target.Subject}\t{groups.GetValueOrDefault(name, "n/a")}\t{split}\n");
                count++;
            }
        }
        AtomicFile.WriteText(Path.Combine(bids, "participants.tsv"), participants.ToString());
        AtomicFile.WriteText(Path.Combine(bids, "participants.json"), """
            {
              "group": { "Description": "the spacing cluster the case was acquired in (cases.tsv's group)" },
              "split": { "Description": "train or test: whether the case was made for training or for testing" }
            }
            """);
        AtomicFile.WriteText(Path.Combine(bids, "README"),
            "Synthetic MS FLAIR phantoms made by NativeSeg's synth (one subject per case; exact lesion truth in derivatives/truth).\n");
        return count;
    }
}
