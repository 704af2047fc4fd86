using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Imaging.Nifti;

/// <summary>
/// All fields of a NIfTI-1 or NIfTI-2 header in their widest type (NIfTI-2 widths), independent of the
/// on-disk version and byte order. Kept on <see cref="Volume.Header"/> so writers can copy the geometry.
/// </summary>
public sealed class NiftiHeader
{
    /// <summary>1 or 2.</summary>
    public int Version { get; set; } = 1;
    public bool BigEndian { get; set; }

    /// <summary>dim[0] = number of dimensions, dim[1..7] = sizes.</summary>
    public long[] Dim { get; set; } = { 3, 1, 1, 1, 1, 1, 1, 1 };
    public double IntentP1 { get; set; }
    public double IntentP2 { get; set; }
    public double IntentP3 { get; set; }
    public int IntentCode { get; set; }
    public string IntentName { get; set; } = "";
    public short DataTypeCode { get; set; } = (short)NiftiDataType.Float32;
    public short BitPix { get; set; } = 32;
    /// <summary>pixdim[0] = qfac, pixdim[1..3] = voxel size, pixdim[4] = time step.</summary>
    public double[] PixDim { get; set; } = { 1, 1, 1, 1, 1, 1, 1, 1 };
    public long VoxOffset { get; set; }
    public double SclSlope { get; set; } = 1;
    public double SclInter { get; set; }
    public double CalMax { get; set; }
    public double CalMin { get; set; }
    public double SliceDuration { get; set; }
    public double TOffset { get; set; }
    public long SliceStart { get; set; }
    public long SliceEnd { get; set; }
    public int SliceCode { get; set; }
    public int XyztUnits { get; set; } = 2 | 8; // mm, s
    public byte DimInfo { get; set; }
    public string Description { get; set; } = "";
    public string AuxFile { get; set; } = "";
    public int QformCode { get; set; }
    public int SformCode { get; set; }
    public double QuaternB { get; set; }
    public double QuaternC { get; set; }
    public double QuaternD { get; set; }
    public double QOffsetX { get; set; }
    public double QOffsetY { get; set; }
    public double QOffsetZ { get; set; }
    public double[] SRowX { get; set; } = { 1, 0, 0, 0 };
    public double[] SRowY { get; set; } = { 0, 1, 0, 0 };
    public double[] SRowZ { get; set; } = { 0, 0, 1, 0 };

    public NiftiDataType DataType => (NiftiDataType)DataTypeCode;

    public int Rank => (int)Dim[0];

    /// <summary>Sizes of the dimensions actually used (dim[1..dim[0]]).</summary>
    public long[] Shape => Dim.Skip(1).Take(Rank).ToArray();

    public Shape3 SpatialShape => new((int)DimOr1(1), (int)DimOr1(2), (int)DimOr1(3));

    /// <summary>Number of 3D volumes (product of dim[4..]; 1 for a 3D image).</summary>
    public long VolumeCount
    {
        get
        {
            long n = 1;
            for (int d = 4; d <= Rank; d++) n *= Dim[d];
            return n;
        }
    }

    public Spacing Spacing => new(PixDim[1], Rank >= 2 ? PixDim[2] : 1, Rank >= 3 ? PixDim[3] : 1);

    /// <summary>True when scl_slope applies: nibabel ignores a slope that is 0 or not finite.</summary>
    public bool HasScaling => SclSlope != 0 && double.IsFinite(SclSlope) && (SclSlope != 1 || (double.IsFinite(SclInter) && SclInter != 0));

    public long DimOr1(int d) => d <= Rank ? Dim[d] : 1;

    /// <summary>nibabel's rule: sform if sform_code > 0, else qform if qform_code > 0, else diag(pixdim).</summary>
    public Affine BestAffine()
    {
        if (SformCode > 0) return SformAffine();
        if (QformCode > 0) return QformAffine();
        return Affine.Diagonal(Spacing);
    }

    public Affine SformAffine() => new(SRowX.Concat(SRowY).Concat(SRowZ).Concat(new double[] { 0, 0, 0, 1 }).ToArray());

    public Affine QformAffine()
    {
        var s = Spacing;
        return QuaternionAffine.ToAffine(QuaternB, QuaternC, QuaternD, QOffsetX, QOffsetY, QOffsetZ, s.X, s.Y, s.Z, PixDim[0]);
    }

    /// <summary>Sets sform and qform from an affine (codes default to 1, "scanner") and pixdim from its column norms.</summary>
    public void SetGeometry(Affine affine, int sformCode = 1, int qformCode = 1)
    {
        var m = affine.ToRowMajor();
        SRowX = m[0..4];
        SRowY = m[4..8];
        SRowZ = m[8..12];
        var q = QuaternionAffine.FromAffine(affine);
        QuaternB = q.B; QuaternC = q.C; QuaternD = q.D;
        QOffsetX = q.Qx; QOffsetY = q.Qy; QOffsetZ = q.Qz;
        PixDim[0] = q.Qfac; PixDim[1] = q.Dx; PixDim[2] = q.Dy; PixDim[3] = q.Dz;
        SformCode = sformCode;
        QformCode = qformCode;
    }

    public NiftiHeader Clone()
    {
        var h = (NiftiHeader)MemberwiseClone();
        h.Dim = (long[])Dim.Clone();
        h.PixDim = (double[])PixDim.Clone();
        h.SRowX = (double[])SRowX.Clone();
        h.SRowY = (double[])SRowY.Clone();
        h.SRowZ = (double[])SRowZ.Clone();
        return h;
    }
}
