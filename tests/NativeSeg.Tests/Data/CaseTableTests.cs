using NativeSeg.Imaging.Geometry;
using NativeSeg.Data;

namespace NativeSeg.Tests.Data;

public class CaseTableTests
{
    [Fact]
    public void WriteThenReadKeepsEveryColumn()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, CaseTable.FileName);
        CaseInfo[] rows =
        [
            new("sub001", "3d-1mm", "axial", Spacing.Isotropic(1), 7, 3.25),
            new("sub002", "2d", "coronal", new Spacing(0.45, 0.45, 5)),
        ];
        CaseTable.Write(path, rows);
        Assert.Equal(rows, CaseTable.Read(path));
    }

    [Fact]
    public void WrongHeaderNamesTheFile()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "bad.tsv");
        File.WriteAllText(path, "name\tspacing\nx\t1,1,1\n");
        var e = Assert.Throws<InvalidDataException>(() => CaseTable.Read(path));
        Assert.StartsWith(path, e.Message);
    }
}
